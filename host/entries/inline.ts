/**
 * The release core inlined as base64 by the build (scripts/build.mjs), for
 * the entries that must not depend on finding a file. Compiling it
 * synchronously is allowed everywhere these entries run: Chromium refuses
 * synchronous compiles on its main thread only above 8 MB, and the core's
 * budget is 16 KB. workerd refuses any compile of bytes; it has its own entry.
 */
import base64 from "wasmloop:core-base64";

export function inlinedCore(): WebAssembly.Module {
  return new WebAssembly.Module(decodeBase64(base64));
}

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  // Native in Deno, Bun and recent browsers; Node 20 has only atob.
  const native = (Uint8Array as { fromBase64?: (text: string) => Uint8Array<ArrayBuffer> }).fromBase64;
  if (native !== undefined) return native(text);
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
  return bytes;
}
