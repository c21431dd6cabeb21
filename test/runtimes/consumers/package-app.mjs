// A program that depends on wasmloop, run by node, bun or deno from its own
// directory: `import "wasmloop"` goes through node_modules and package.json
// `exports`, and the runtime picks its condition.
import { measureStartup, runSuite } from "./suite.mjs";

const runtime = globalThis.Deno ? "deno" : globalThis.Bun ? "bun" : "node";
let result;
try {
  const { api, startupMs } = await measureStartup(() => import("wasmloop"));
  const core = await import("wasmloop/core");
  result = {
    runtime,
    startupMs,
    entry: import.meta.resolve("wasmloop"),
    wasm: import.meta.resolve("wasmloop/core.wasm"),
    // `wasmloop` and `wasmloop/core` must be one host, not two copies.
    sharedHost: core.EventLoop === api.EventLoop,
    ...(await runSuite(api)),
  };
} catch (error) {
  result = { runtime, error: String(error?.stack ?? error) };
}
console.log(`RESULT ${JSON.stringify(result)}`);
if (result.error || result.failed > 0) globalThis.Deno ? Deno.exit(1) : process.exit(1);
