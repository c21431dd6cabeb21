// Builds the core (debug and release Wasm) and the JavaScript in dist/.
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, statSync } from "node:fs";
import { build } from "esbuild";

/** The release core must stay small enough to instantiate synchronously everywhere. */
const MAX_CORE_BYTES = 16 * 1024;

const asc = new URL("../node_modules/.bin/asc", import.meta.url).pathname;
for (const target of ["debug", "release"]) {
  execFileSync(asc, ["assembly/index.ts", "--target", target], { stdio: "inherit" });
}
const coreBytes = statSync("build/core.wasm").size;
if (coreBytes > MAX_CORE_BYTES) {
  throw new Error(`build/core.wasm is ${coreBytes} bytes, over the ${MAX_CORE_BYTES}-byte budget`);
}

mkdirSync("dist", { recursive: true });
const tsc = new URL("../node_modules/.bin/tsc", import.meta.url).pathname;
execFileSync(tsc, ["-p", "tsconfig.build.json"], { stdio: "inherit" });
copyFileSync("build/core.wasm", "dist/core.wasm");
await build({
  entryPoints: { node: "host/entries/node.ts", demo: "examples/demo.ts" },
  outdir: "dist",
  bundle: true,
  format: "esm",
  platform: "node",
  target: "es2022",
  external: ["wasmloop"],
  logLevel: "warning",
});
console.log(`core.wasm: ${coreBytes} bytes`);
