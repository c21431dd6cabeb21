# The runtime suite under `workerd test`, which calls each worker's test()
# handler. The modules are what wrangler would upload for a worker importing
# wasmloop: the package's workerd entry, its host, and core.wasm as a Wasm
# module (imported by the entry as a compiled WebAssembly.Module).
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "suite", worker = .suiteWorker),
    (name = "startup", worker = .startupWorker),
  ],
);

const suiteWorker :Workerd.Worker = (
  modules = [
    (name = "worker.mjs", esModule = embed "suite-worker.mjs"),
    (name = "suite.mjs", esModule = embed "../suite.mjs"),
    (name = "dist/workerd.js", esModule = embed "../../../dist/workerd.js"),
    (name = "dist/core.js", esModule = embed "../../../dist/core.js"),
    (name = "dist/core.wasm", wasm = embed "../../../dist/core.wasm"),
  ],
  compatibilityDate = "2026-11-17",
);

const startupWorker :Workerd.Worker = (
  modules = [
    (name = "worker.mjs", esModule = embed "startup-worker.mjs"),
    (name = "suite.mjs", esModule = embed "../suite.mjs"),
    (name = "dist/workerd.js", esModule = embed "../../../dist/workerd.js"),
    (name = "dist/core.js", esModule = embed "../../../dist/core.js"),
    (name = "dist/core.wasm", wasm = embed "../../../dist/core.wasm"),
  ],
  compatibilityDate = "2026-11-17",
);
