// Any other runtime: the bytes travel inside this file, so nothing has to be
// found, fetched or read, and no top-level await is needed.
import { init } from "./core.js";
import { inlinedCore } from "./inline.js";

init(inlinedCore());

export * from "./core.js";
