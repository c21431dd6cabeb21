// Deno's own way to name an npm package, `npm:wasmloop`: with a package.json
// beside it, Deno resolves it through node_modules like a bare specifier.
import { runSuite } from "./suite.mjs";

let result;
try {
  const api = await import("npm:wasmloop");
  result = { runtime: "deno", entry: import.meta.resolve("npm:wasmloop"), ...(await runSuite(api)) };
} catch (error) {
  result = { runtime: "deno", error: String(error?.stack ?? error) };
}
console.log(`RESULT ${JSON.stringify(result)}`);
if (result.error || result.failed > 0) Deno.exit(1);
