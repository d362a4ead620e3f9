declare module "*.wasm" {
  const module: WebAssembly.Module;
  export default module;
}
declare module "*.woff" {
  const data: ArrayBuffer;
  export default data;
}
declare module "*.png" {
  const data: ArrayBuffer;
  export default data;
}
declare module "*.svg" {
  const text: string;
  export default text;
}
declare module "*.jpg" {
  const data: ArrayBuffer;
  export default data;
}
declare module "@cornerstonejs/codec-libjpeg-turbo-8bit/wasmjs" {
  /** Emscripten's module factory (the package ships no types; jpeg-encoder.ts types the encoder); `instantiateWasm` hands it an instance of a precompiled module. */
  const createModule: (options: {
    instantiateWasm: (
      imports: WebAssembly.Imports,
      done: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void,
    ) => WebAssembly.Exports;
  }) => Promise<{ JPEGEncoder: new () => unknown }>;
  export default createModule;
}
