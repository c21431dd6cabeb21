// Module kinds the entries import that TypeScript cannot see on disk.

/** workerd and wrangler hand an imported .wasm over as a compiled module. */
declare module "*.wasm" {
  const module: WebAssembly.Module;
  export default module;
}

/** Supplied by scripts/build.mjs: the release core as base64. */
declare module "wasmloop:core-base64" {
  const base64: string;
  export default base64;
}
