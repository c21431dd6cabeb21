// @ts-check
/**
 * Runs the suite in node, bun or deno against the entry package.json gives
 * that runtime, and prints one `RESULT {json}` line for run.mjs. A passing
 * run is left to end by itself: a process that does not exit then means the
 * loop left a host timer or port behind.
 */
// @ts-expect-error: suite.d.mts declares only what the vitest tests import, not measureStartup.
import { measureStartup, runSuite } from "./suite.mjs";

const runtime = globalThis.Deno ? "deno" : globalThis.Bun ? "bun" : "node";
// Literal specifiers, so each runtime resolves them as it would any import.
const loaders = {
  node: () => import("../../dist/node.js"),
  deno: () => import("../../dist/deno.js"),
  bun: () => import("../../dist/bun.js"),
};
const version = {
  node: () => `node ${process.version}`,
  deno: () => `deno ${Deno.version.deno}`,
  bun: () => `bun ${Bun.version}`,
}[runtime]();

/** The RESULT line: the suite's counts, or the error that stopped it. @type {Record<string, any>} */
let result;
try {
  const { api, startupMs } = await measureStartup(loaders[runtime]);
  result = { runtime, version, startupMs, ...(await runSuite(api)) };
} catch (error) {
  result = { runtime, version, error: String(/** @type {Error | undefined} */ (error)?.stack ?? error) };
}
console.log(`RESULT ${JSON.stringify(result)}`);
if (result.error || result.failed > 0) {
  if (runtime === "deno") Deno.exit(1);
  else process.exit(1);
}
