// Deno: reading or fetching a file beside this one needs --allow-read, a
// papercut every user would meet; the inlined bytes need no permission at all.
import { init } from "./core.js";
import { inlinedCore } from "./inline.js";

init(inlinedCore());

export * from "./core.js";
