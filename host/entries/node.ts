// Node: the core is inlined and Buffer decodes it natively. Measured on Node 20
// this reaches the first callback ~1.7 ms sooner than reading ./core.wasm (the
// ESM import of node:fs alone costs more), needs no top-level await, so
// require(esm) works, and survives bundling into a single file.
import base64 from "wasmloop:core-base64";
import { init } from "./core.js";

init(new WebAssembly.Module(Buffer.from(base64, "base64")));

export * from "./core.js";
