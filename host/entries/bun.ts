// Bun: inlined bytes, so the entry survives `bun build` and `bun build --compile`,
// which do not carry a file found through import.meta.url along.
import { init } from "./core.js";
import { inlinedCore } from "./inline.js";

init(inlinedCore());

export * from "./core.js";
