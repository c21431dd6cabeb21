// workerd (the condition wrangler resolves first): it refuses to compile bytes
// at run time, but hands an imported .wasm over already compiled.

import { init } from "./core.js";
import core from "./core.wasm";

init(core);

export * from "./core.js";
