// The compiled release core, for tests (built by `npm run build`).
import { readFileSync } from "node:fs";
import { init } from "../../host/core/module.js";

export const coreModule = new WebAssembly.Module(readFileSync(new URL("../../build/core.wasm", import.meta.url)));
init(coreModule);
