// @ts-check
// The suite on a page's main thread, where Chromium limits synchronous Wasm
// compiles: each new EventLoop instantiates the core synchronously, and the
// default entry (inlined bytes) compiles it synchronously.
// @ts-expect-error: suite.d.mts declares only what the vitest tests import, not measureStartup.
import { measureStartup, runSuite } from "../suite.mjs";

async function main() {
  const { api, startupMs } = await measureStartup(() => import("../../../dist/browser.js"));
  /** @type {Record<string, unknown>} */
  const result = { runtime: "chromium", startupMs, ...(await runSuite(api)) };
  const inlined = await import("../../../dist/default.js");
  const loop = new inlined.EventLoop();
  loop.callSoon(() => loop.stop());
  await loop.runForever();
  loop.close();
  result.defaultEntryOnMainThread = true;
  return result;
}

main().then(
  (result) => (globalThis.wasmloopResult = result),
  (error) => (globalThis.wasmloopResult = { runtime: "chromium", error: String(error?.stack ?? error) }),
);
