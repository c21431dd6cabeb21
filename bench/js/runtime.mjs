// @ts-check
// What differs between Node, Deno and Bun, in one place.

export function runtimeName() {
  if (typeof globalThis.Bun !== "undefined") return "bun";
  if (typeof globalThis.Deno !== "undefined") return "deno";
  return "node";
}

export function runtimeInfo() {
  const name = runtimeName();
  if (name === "bun") return { name, version: globalThis.Bun.version, engine: "JavaScriptCore" };
  if (name === "deno")
    return { name, version: globalThis.Deno.version.deno, engine: `V8 ${globalThis.Deno.version.v8}` };
  return { name, version: process.versions.node, engine: `V8 ${process.versions.v8}` };
}

/** A full collection where the runtime offers one (Node and Deno need --expose-gc). */
export function collectGarbage() {
  if (typeof globalThis.Bun !== "undefined") {
    globalThis.Bun.gc(true);
    return true;
  }
  if (typeof globalThis.gc === "function") {
    globalThis.gc();
    return true;
  }
  return false;
}

/** wasmloop as built in dist/, or the build BENCH_LIB names (a path from the working directory). */
export function loadWasmloop() {
  const custom = globalThis.process?.env?.BENCH_LIB;
  const url = custom ? new URL(custom, `file://${process.cwd()}/`) : new URL("../../dist/node.js", import.meta.url);
  return import(url.href);
}
