// workerd (the condition wrangler resolves first): it refuses to compile bytes
// at run time, but hands an imported .wasm over already compiled.
import core from "./core.wasm";
import { init } from "./core.js";

init(core);

export * from "./core.js";
