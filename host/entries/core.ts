/**
 * `wasmloop/core`: the whole API and nothing loaded. For bundlers and
 * platforms the other entries did not foresee: obtain the compiled
 * `wasmloop/core.wasm` your own way and call `init(module)` before the first
 * `new EventLoop()`. Every runtime entry re-exports this very module, so
 * `wasmloop` and `wasmloop/core` share one registry and one set of classes.
 */
export * from "../index.js";
