// A web page's script bundled by esbuild for the browser; the package's
// core.wasm is copied beside the bundle, as the README tells esbuild users.
import * as api from "wasmloop";
import { runSuite } from "./suite.mjs";

runSuite(api).then(
  (result) => (globalThis.wasmloopResult = { runtime: "chromium", ...result }),
  (error) => (globalThis.wasmloopResult = { runtime: "chromium", error: String(error?.stack ?? error) }),
);
