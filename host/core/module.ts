/**
 * The compiled Wasm core, shared by every loop of the realm. A runtime's
 * entry (host/entries/) obtains the module its own way and registers it here
 * at import time; each EventLoop then instantiates it synchronously.
 */
let compiled: WebAssembly.Module | null = null;

/** Registers the compiled core (`wasmloop/core.wasm`); entries call it for you. */
export function init(module: WebAssembly.Module): void {
  if (!(module instanceof WebAssembly.Module)) {
    throw new TypeError(`init() expected a WebAssembly.Module, got ${Object.prototype.toString.call(module)}`);
  }
  compiled = module;
}

export function coreModule(): WebAssembly.Module {
  if (compiled === null) {
    throw new Error(
      "wasmloop: the Wasm core is not loaded; import wasmloop through its package entry, " +
        "or call init(module) with the compiled wasmloop/core.wasm first",
    );
  }
  return compiled;
}
