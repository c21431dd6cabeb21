// Bring your own module: `wasmloop/core` loads nothing; the program obtains
// `wasmloop/core.wasm` itself (here from disk) and calls init() first.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import * as api from "wasmloop/core";
import { runSuite } from "./suite.mjs";

let result;
try {
  let refused = null;
  try {
    new api.EventLoop();
  } catch (error) {
    refused = error.message;
  }
  if (!/not loaded/.test(refused ?? ""))
    throw new Error(`new EventLoop() before init(): expected "not loaded", got ${refused}`);
  const bytes = readFileSync(fileURLToPath(import.meta.resolve("wasmloop/core.wasm")));
  api.init(await WebAssembly.compile(bytes));
  result = { runtime: "node", entry: import.meta.resolve("wasmloop/core"), ...(await runSuite(api)) };
} catch (error) {
  result = { runtime: "node", error: String(error?.stack ?? error) };
}
console.log(`RESULT ${JSON.stringify(result)}`);
if (result.error || result.failed > 0) process.exit(1);
