// Browsers: the literal `new URL("./core.wasm", import.meta.url)` is the pattern
// Vite, webpack and Parcel recognise, so they ship the file and rewrite the URL.
import { init } from "./core.js";

const url = new URL("./core.wasm", import.meta.url);
const response = await fetch(url);
if (!response.ok) {
  throw new Error(
    `wasmloop: fetching ${url} answered ${response.status}; serve wasmloop/core.wasm next to this script`,
  );
}
// Bytes rather than compileStreaming: many servers label .wasm with a MIME type
// compileStreaming refuses, and a 3 KB core gains nothing from streaming.
init(await WebAssembly.compile(await response.arrayBuffer()));

export * from "./core.js";
