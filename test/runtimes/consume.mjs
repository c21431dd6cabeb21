// @ts-check
/**
 * The ways a user consumes the package (`npm run test:consume`), each tested
 * on the packed tarball, not on the source tree: `npm pack`, unpacked into
 * a fresh consumer's node_modules, then
 *   - node, bun, deno: `import "wasmloop"` through node_modules (deno with no
 *     permission flag, and also as `npm:wasmloop`); node's require(); node
 *     with `wasmloop/core` and its own init(module)
 *   - an esbuild bundle for the browser, run in Chromium with core.wasm
 *     copied beside it
 *   - an esbuild bundle for workerd with wrangler's conditions, run by workerd
 *   - TypeScript: the declarations reached through `exports`
 * Every path but require() runs the whole suite. One PASS/FAIL line each;
 * exits 1 on any FAIL.
 */
import { execFileSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { build } from "esbuild";
import { bin, judge, launch, ROOT, report, testsText } from "./launch.mjs";

/** The workerd bundle's compatibility date: old enough that workerd has neither setImmediate nor MessageChannel, so the loop's last-resort host turn (setTimeout) is exercised too. */
const WORKER_COMPATIBILITY_DATE = "2024-09-23";

if (!existsSync(join(ROOT, "dist/core.js"))) {
  console.error("dist/ is missing: run `npm run build` first");
  process.exit(2);
}

const work = mkdtempSync(join(tmpdir(), "wasmloop-consume-"));
const app = join(work, "app");
let failed = 0;
try {
  // ---- The tarball, as npm would publish it --------------------------------
  const [packed] = JSON.parse(
    execFileSync("npm", ["pack", "--json", "--pack-destination", work], {
      cwd: ROOT,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
      timeout: 120_000,
    }),
  );
  const shipped = packed.files.map((file) => file.path);
  const wanted = [
    "package.json",
    "dist/core.wasm",
    "dist/core.js",
    "dist/types/index.d.ts",
    ...["node", "deno", "bun", "workerd", "browser", "default"].map((name) => `dist/${name}.js`),
  ];
  const missing = wanted.filter((file) => !shipped.includes(file));
  const stray = shipped.filter(
    (file) => !file.startsWith("dist/") && !["package.json", "README.md", "LICENSE"].includes(file),
  );
  const packVerdict = { ok: missing.length === 0 && stray.length === 0, reasons: /** @type {string[]} */ ([]) };
  if (missing.length > 0) packVerdict.reasons.push(`missing from the tarball: ${missing.join(", ")}`);
  if (stray.length > 0) packVerdict.reasons.push(`outside dist/ in the tarball: ${stray.join(", ")}`);
  if (!packVerdict.ok) failed++;
  report(
    "npm-pack",
    packVerdict,
    `${packed.filename}: ${shipped.length} files, ${(packed.size / 1024).toFixed(1)} KB packed, ${(packed.unpackedSize / 1024).toFixed(1)} KB unpacked`,
  );

  // ---- A consumer with the package in node_modules ---------------------------
  const installed = join(app, "node_modules", "wasmloop");
  mkdirSync(installed, { recursive: true });
  execFileSync("tar", ["-xzf", join(work, packed.filename), "-C", installed, "--strip-components=1"]);
  writeFileSync(
    join(app, "package.json"),
    JSON.stringify(
      { name: "consumer", private: true, type: "module", dependencies: { wasmloop: packed.version } },
      null,
      2,
    ),
  );
  for (const file of readdirSync(join(ROOT, "test/runtimes/consumers"))) {
    copyFileSync(join(ROOT, "test/runtimes/consumers", file), join(app, file));
  }
  // The same suite file as the matrix, beside the consumer's scripts.
  copyFileSync(join(ROOT, "test/runtimes/suite.mjs"), join(app, "suite.mjs"));

  const byName = [
    ["node-import", [process.execPath, "package-app.mjs"], "node.js", 'node: import "wasmloop"'],
    ["bun-import", [bin("bun"), "package-app.mjs"], "bun.js", 'bun: import "wasmloop"'],
    [
      "deno-import",
      [bin("deno"), "run", "--no-prompt", "package-app.mjs"],
      "deno.js",
      'deno, no permission flags: import "wasmloop"',
    ],
    [
      "deno-npm",
      [bin("deno"), "run", "--no-prompt", "npm-specifier-app.mjs"],
      "deno.js",
      'deno, no permission flags: import "npm:wasmloop"',
    ],
    ["node-require", [process.execPath, "require-app.cjs"], "node.js", 'node: require("wasmloop")'],
    ["node-core", [process.execPath, "byo-app.mjs"], "core.js", 'node: "wasmloop/core" + init(own module)'],
  ];
  for (const [id, command, entry, what] of byName) {
    const run = await launch(command, { cwd: app });
    const verdict = judge(run);
    const result = run.result ?? {};
    const resolved = typeof result.entry === "string" ? result.entry : "";
    if (resolved && !resolved.endsWith(`/node_modules/wasmloop/dist/${entry}`)) {
      verdict.ok = false;
      verdict.reasons.push(`resolved to ${resolved}, expected node_modules/wasmloop/dist/${entry}`);
    }
    if (result.sharedHost === false) {
      verdict.ok = false;
      verdict.reasons.push('"wasmloop" and "wasmloop/core" loaded two copies of the host');
    }
    if (!verdict.ok) failed++;
    const startup = typeof result.startupMs === "number" ? `, start-up ${result.startupMs.toFixed(1)} ms` : "";
    report(id, verdict, `${what} -> dist/${basename(resolved) || "?"}, ${testsText(run.result)}${startup}`, run);
  }

  // ---- TypeScript declarations through `exports` ----------------------------------
  {
    writeFileSync(
      join(app, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          module: "nodenext",
          moduleResolution: "nodenext",
          target: "es2022",
          lib: ["es2022", "dom"],
          strict: true,
          noEmit: true,
          types: [],
        },
        files: ["types-app.ts"],
      }),
    );
    const run = await launch([process.execPath, join(ROOT, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.json"], {
      cwd: app,
    });
    const verdict = judge(run, { needsSuite: false });
    if (!verdict.ok) {
      failed++;
      verdict.reasons.push(...run.stdout.split("\n").filter(Boolean).slice(0, 10));
    }
    report("typescript", verdict, 'tsc (module nodenext) on a consumer of "wasmloop" and "wasmloop/core"', run);
  }

  // ---- esbuild bundle for the browser -------------------------------------------
  {
    const www = join(work, "www");
    const built = await build({
      absWorkingDir: app,
      entryPoints: ["browser-app.mjs"],
      bundle: true,
      format: "esm",
      platform: "browser",
      target: "es2022",
      outdir: www,
      metafile: true,
      logLevel: "silent",
    });
    // What an esbuild user does: esbuild leaves new URL("./core.wasm", import.meta.url) alone.
    copyFileSync(join(installed, "dist/core.wasm"), join(www, "core.wasm"));
    writeFileSync(
      join(www, "index.html"),
      '<!doctype html>\n<meta charset="utf-8">\n<link rel="icon" href="data:,">\n<script type="module" src="./browser-app.js"></script>\n',
    );
    const run = await launch([process.execPath, join(ROOT, "test/runtimes/chromium.mjs"), www, "index.html"]);
    const verdict = judge(run);
    const bundle = readFileSync(join(www, "browser-app.js"), "utf8");
    checkBundle(verdict, built.metafile, "browser.js", [
      bundle.includes('new URL("./core.wasm", import.meta.url)'),
      'the bundle lost the literal new URL("./core.wasm", import.meta.url)',
    ]);
    if (!verdict.ok) failed++;
    report(
      "esbuild-browser",
      verdict,
      `esbuild (platform browser) bundle + core.wasm beside it, in Chromium: ${testsText(run.result)}`,
      run,
    );
  }

  // ---- esbuild bundle for workerd, as wrangler makes it --------------------------
  {
    const out = join(work, "worker");
    const built = await build({
      absWorkingDir: app,
      entryPoints: ["worker-app.mjs"],
      bundle: true,
      format: "esm",
      target: "es2022",
      conditions: ["workerd", "worker", "browser"],
      outdir: out,
      metafile: true,
      logLevel: "silent",
      plugins: [wasmModules(out)],
    });
    writeFileSync(
      join(work, "worker.capnp"),
      workerConfig(["worker-app.js", "core.wasm"].map((file) => join("worker", file))),
    );
    const run = await launch([bin("workerd"), "test", join(work, "worker.capnp")]);
    const verdict = judge(run);
    checkBundle(verdict, built.metafile, "workerd.js", [
      existsSync(join(out, "core.wasm")),
      "core.wasm was not collected as a module",
    ]);
    if (!verdict.ok) failed++;
    report(
      "esbuild-workerd",
      verdict,
      `esbuild (conditions workerd,worker,browser) bundle + core.wasm module, in workerd (compat ${WORKER_COMPATIBILITY_DATE}): ${testsText(run.result)}`,
      run,
    );
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
process.exit(failed > 0 ? 1 : 0);

/** Checks that the bundle took the package's `entry` (and one host), plus one more condition. */
function checkBundle(verdict, metafile, entry, [holds, message]) {
  const inputs = Object.keys(metafile.inputs).filter((input) => input.includes("node_modules/wasmloop/"));
  const expected = ["node_modules/wasmloop/dist/core.js", `node_modules/wasmloop/dist/${entry}`];
  if (inputs.sort().join() !== expected.sort().join()) {
    verdict.ok = false;
    verdict.reasons.push(`bundled ${inputs.join(", ")}; expected ${expected.join(", ")}`);
  }
  if (!holds) {
    verdict.ok = false;
    verdict.reasons.push(message);
  }
}

/** wrangler's handling of `.wasm` imports: kept as imports, the file uploaded beside the bundle as a Wasm module. */
function wasmModules(outdir) {
  return {
    name: "wasm-modules",
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /\.wasm$/ }, (args) => {
        const file = join(args.resolveDir, args.path);
        mkdirSync(outdir, { recursive: true });
        copyFileSync(file, join(outdir, basename(file)));
        return { path: `./${basename(file)}`, external: true };
      });
    },
  };
}

/**
 * A workerd config whose only worker is the bundle (first) and its Wasm module.
 * @param {string[]} files
 */
function workerConfig([bundle, wasm]) {
  return `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (services = [(name = "bundle", worker = .worker)]);
const worker :Workerd.Worker = (
  modules = [
    (name = "${basename(bundle)}", esModule = embed "${bundle}"),
    (name = "${basename(wasm)}", wasm = embed "${wasm}"),
  ],
  compatibilityDate = "${WORKER_COMPATIBILITY_DATE}",
);
`;
}
