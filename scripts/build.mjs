// @ts-check
// Builds the core (debug and release Wasm), its layout module (below) and
// the package in dist/:
//   core.wasm     the release core
//   core.js       the runtime-neutral host, nothing loaded (`wasmloop/core`)
//   <runtime>.js  one entry per runtime: obtains the compiled core, calls
//                 init(), re-exports ./core.js (package.json `exports` picks it)
//   types/        declarations of the public API
// then reports each file's size as shipped, minified, and minified + gzipped.
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { compileString } from "assemblyscript/asc";
import { build, transform } from "esbuild";

/** The release core must stay small enough to instantiate synchronously everywhere. */
const MAX_CORE_BYTES = 16 * 1024;

/** Entries that only obtain the core; each keeps `./core.js` and `./core.wasm` as siblings. */
const RUNTIME_ENTRIES = ["node", "deno", "bun", "workerd", "browser", "default"];

const asc = new URL("../node_modules/.bin/asc", import.meta.url).pathname;
for (const target of ["debug", "release"]) {
  execFileSync(asc, ["assembly/index.ts", "--target", target], { stdio: "inherit" });
}
if (!existsSync("build/core.d.ts")) {
  throw new Error("asc emitted no build/core.d.ts: test/wasm/exports.test.ts checks host/core/binding.ts against it");
}

// build/layout.wasm: assembly/layout.ts compiled on its own, every constant
// an exported global, for test/wasm/layout.test.ts to hold the host's
// mirror to. asc cannot export an @inline constant, and the core keeps
// them inline (exported, they would be globals in its code), so this copy
// drops the decorator; the values are the compiler's, offsetof included.
{
  const source = readFileSync("assembly/layout.ts", "utf8").replace(/@inline /g, "");
  const { error, stderr, binary } = await compileString({ "layout.ts": source }, { runtime: "stub" });
  if (error || binary === null) throw new Error(`assembly/layout.ts as a module of its own: ${stderr.toString()}`);
  writeFileSync("build/layout.wasm", binary);
}

const coreBytes = statSync("build/core.wasm").size;
if (coreBytes > MAX_CORE_BYTES) {
  throw new Error(`build/core.wasm is ${coreBytes} bytes, over the ${MAX_CORE_BYTES}-byte budget`);
}

mkdirSync("dist", { recursive: true });
const tsc = new URL("../node_modules/.bin/tsc", import.meta.url).pathname;
execFileSync(tsc, ["-p", "tsconfig.build.json"], { stdio: "inherit" });
copyFileSync("build/core.wasm", "dist/core.wasm");

/** @type {import("esbuild").BuildOptions} */
const common = { bundle: true, format: "esm", target: "es2022", outdir: "dist", logLevel: "warning" };

// One copy of the host: were it bundled into each entry, `wasmloop` and
// `wasmloop/core` would hold two registries and two EventLoop classes.
// platform "neutral" makes any import of a Node built-in a build error.
await build({
  ...common,
  entryPoints: { core: "wasmloop:core" },
  platform: "neutral",
  plugins: [await namedExports("host/entries/core.ts")],
});

/**
 * Bundling renames classes and functions: esbuild makes `class Queue` into
 * `var Queue = class _Queue` when the body refers to the class, and renames
 * any top-level name that collides (so does a user's bundler, bundling
 * dist/ again); `Queue.name`, and the reprs built on it, would then read
 * "_Queue". So dist/core.js exports each value of `entry` as
 * `export const Queue = named(Queue$, "Queue")`: the name is set once, at
 * import, and the call is marked pure, so a bundler drops it with the export
 * when that is unused. esbuild's keepNames would do it too, but it also wraps
 * every closure the host creates (each task creates several), which doubled
 * the CPU time of creating and running tasks.
 */
async function namedExports(entry) {
  const probe = await build({ ...common, entryPoints: [entry], platform: "neutral", write: false, metafile: true });
  const outputs = Object.values(/** @type {import("esbuild").Metafile} */ (probe.metafile).outputs);
  const { exports } = /** @type {import("esbuild").Metafile["outputs"][string]} */ (
    outputs.find((output) => output.entryPoint === entry)
  );
  const contents = [
    `import { ${exports.map((name) => `${name} as ${name}$`).join(", ")} } from ${JSON.stringify(`./${entry}`)};`,
    "const named = (value, name) => {",
    '  if (typeof value === "function") Object.defineProperty(value, "name", { value: name, configurable: true });',
    "  return value;",
    "};",
    ...exports.map((name) => `export const ${name} = /* @__PURE__ */ named(${name}$, ${JSON.stringify(name)});`),
  ].join("\n");
  return {
    name: "wasmloop-named-exports",
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /^wasmloop:core$/ }, (args) => ({ path: args.path, namespace: "wasmloop" }));
      pluginBuild.onLoad({ filter: /.*/, namespace: "wasmloop" }, () => ({
        contents,
        loader: "js",
        resolveDir: process.cwd(),
      }));
    },
  };
}

/** Keeps the entries' sibling imports as they are, and supplies the inlined core. */
const entryPlugin = {
  name: "wasmloop-entries",
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^\.\/core\.(js|wasm)$/ }, (args) => ({ path: args.path, external: true }));
    pluginBuild.onResolve({ filter: /^wasmloop:core-base64$/ }, (args) => ({ path: args.path, namespace: "wasmloop" }));
    pluginBuild.onLoad({ filter: /.*/, namespace: "wasmloop" }, () => ({
      contents: `export default ${JSON.stringify(readFileSync("build/core.wasm").toString("base64"))};`,
      loader: "js",
    }));
  },
};
for (const name of RUNTIME_ENTRIES) {
  await build({
    ...common,
    entryPoints: { [name]: `host/entries/${name}.ts` },
    platform: "neutral",
    plugins: [entryPlugin],
  });
}

await build({
  ...common,
  entryPoints: { demo: "examples/demo.ts" },
  platform: "node",
  external: ["wasmloop"],
});

// workerd (and CSP-strict pages) refuse code generated at run time.
for (const name of ["core", ...RUNTIME_ENTRIES]) {
  if (/\beval\s*\(|\bnew\s+Function\s*\(/.test(readFileSync(`dist/${name}.js`, "utf8"))) {
    throw new Error(`dist/${name}.js calls eval or new Function, which workerd refuses`);
  }
}

// Sizes: what a user ships. The host (core.js) is shared; a runtime loads it,
// its entry and, unless the entry inlines the bytes, core.wasm.
const sizes = [];
const wasm = readFileSync("dist/core.wasm");
sizes.push({ file: "core.wasm", bytes: wasm.length, minified: null, gzipped: gzipSync(wasm, { level: 9 }).length });
for (const name of ["core", ...RUNTIME_ENTRIES]) {
  const code = readFileSync(`dist/${name}.js`, "utf8");
  const minified = (await transform(code, { minify: true, format: "esm", target: "es2022", loader: "js" })).code;
  const bytes = Buffer.byteLength(code);
  sizes.push({
    file: `${name}.js`,
    bytes,
    minified: Buffer.byteLength(minified),
    gzipped: gzipSync(minified, { level: 9 }).length,
  });
}
const table = [["file", "bytes", "minified", "min+gzip"]];
for (const { file, bytes, minified, gzipped } of sizes) {
  table.push([
    file,
    `${bytes}`,
    minified === null ? "-" : `${minified}`,
    minified === null ? `${gzipped} (gzip)` : `${gzipped}`,
  ]);
}
const widths = table[0].map((_, column) => Math.max(...table.map((row) => row[column].length)));
console.log("dist sizes:");
for (const row of table)
  console.log(
    "  " +
      row
        .map((cell, column) => cell.padEnd(widths[column]))
        .join("  ")
        .trimEnd(),
  );
const gzipped = (file) => sizes.find((size) => size.file === file).gzipped;
const loads = RUNTIME_ENTRIES.map((name) => {
  // workerd imports the .wasm file and browsers fetch it; the other entries carry it inlined.
  const files = ["core.js", `${name}.js`, ...(name === "workerd" || name === "browser" ? ["core.wasm"] : [])];
  return `${name} ${files.reduce((sum, file) => sum + gzipped(file), 0)}`;
});
console.log(`  loaded per runtime, minified + gzipped: ${loads.join(", ")} bytes`);
console.log(`core.wasm: ${coreBytes} bytes (budget ${MAX_CORE_BYTES})`);
