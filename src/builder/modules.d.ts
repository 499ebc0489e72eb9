// esbuild's WebAssembly binary, compiled by wrangler (CompiledWasm rule for *.wasm).
declare module "esbuild-wasm/esbuild.wasm" {
  const module: WebAssembly.Module;
  export default module;
}

// Vendored text (dist/vendor/*.txt, wrangler.jsonc's Text rule): source the platform never evaluates.
declare module "*.txt" {
  const text: string;
  export default text;
}
