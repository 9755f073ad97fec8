// Module types of the files wrangler bundles into the worker.
declare module "*.wasm" {
  const module: WebAssembly.Module;
  export default module;
}

declare module "*.onnx" {
  const bytes: ArrayBuffer;
  export default bytes;
}

declare module "*.bin" {
  const bytes: ArrayBuffer;
  export default bytes;
}
