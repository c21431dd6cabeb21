// Node entry: reads the core that sits beside this file, then exposes the API.
import { readFile } from "node:fs/promises";
import { init } from "../core/module.js";

init(await WebAssembly.compile(await readFile(new URL("./core.wasm", import.meta.url))));

export * from "../index.js";
