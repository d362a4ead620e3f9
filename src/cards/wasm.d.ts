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
declare module "jpeg-js/lib/encoder.js" {
  import type { encode } from "jpeg-js";

  const encodeJpeg: typeof encode;
  export default encodeJpeg;
}
declare module "*.jpg" {
  const data: ArrayBuffer;
  export default data;
}
