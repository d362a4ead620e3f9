import turboJpegWasm from "@cornerstonejs/codec-libjpeg-turbo-8bit/dist/libjpegturbowasm.wasm";
import createTurboJpeg from "@cornerstonejs/codec-libjpeg-turbo-8bit/wasmjs";

/** libjpeg-turbo's TurboJPEG chroma subsampling: TJSAMP_444, full colour resolution. */
const TJSAMP_444 = 0;

interface TurboJpegEncoder {
  getDecodedBuffer(frame: { width: number; height: number; bitsPerSample: number; componentCount: number; isSigned: boolean }): Uint8Array;
  setQuality(quality: number): void;
  setSubSampling(subsampling: number): void;
  setProgressive(progressive: number): void;
  encode(): void;
  /** A copy of the JPEG, outside the wasm memory. */
  getEncodedBuffer(): Uint8ClampedArray<ArrayBuffer>;
}

let encoderReady: Promise<TurboJpegEncoder> | undefined;

/**
 * One libjpeg-turbo encoder per isolate, its wasm instantiated from the module wrangler compiled
 * (workerd forbids compiling wasm from bytes), and kept: its input and output buffers live in
 * its wasm memory and are reused by every card instead of allocated for each.
 */
function encoderOnce(): Promise<TurboJpegEncoder> {
  encoderReady ??= (async () => {
    // Emscripten's loader takes workerd (whose nodejs_compat `process.versions.node` it sees)
    // for Node and reads `__dirname`, which workerd has not ("ReferenceError: __dirname is not
    // defined", seen in the production bundle; Vitest's module runner defines it). It reads no
    // file from there: the wasm comes from instantiateWasm. Defined for that synchronous call only.
    const scope = globalThis as { __dirname?: string };
    const defined = "__dirname" in scope;
    scope.__dirname ??= "/";
    let loading: ReturnType<typeof createTurboJpeg>;
    try {
      loading = createTurboJpeg({
        instantiateWasm(imports: WebAssembly.Imports, done: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void) {
          const instance = new WebAssembly.Instance(turboJpegWasm, imports);
          done(instance, turboJpegWasm);
          return instance.exports;
        },
      });
    } finally {
      if (!defined) delete scope.__dirname;
    }
    const codec = await loading;
    const encoder = new codec.JPEGEncoder() as TurboJpegEncoder;
    encoder.setSubSampling(TJSAMP_444);
    encoder.setProgressive(0);
    return encoder;
  })();
  return encoderReady;
}

/** Encodes opaque RGBA pixels as JPEG, synchronously: no other card can touch the encoder's buffers meanwhile. */
export interface JpegEncoder {
  /** The JPEG at the first of `qualities` whose bytes `fits` accepts (the last one's otherwise). */
  encode(
    rgba: Uint8Array,
    width: number,
    height: number,
    qualities: number[],
    fits: (bytes: Uint8Array) => boolean,
  ): Uint8Array<ArrayBuffer>;
}

/**
 * libjpeg-turbo's encoder, baseline (progressive took twice as long) and 4:4:4 (4:2:0 saved no
 * time here and blurs coloured text edges). The pixels are copied into its buffer once, as
 * RGB (TurboJPEG takes no RGBA here), for every quality tried.
 */
export async function jpegEncoderOnce(): Promise<JpegEncoder> {
  const encoder = await encoderOnce();
  return {
    encode(rgba, width, height, qualities, fits) {
      const rgb = encoder.getDecodedBuffer({ width, height, bitsPerSample: 8, componentCount: 3, isSigned: false });
      for (let i = 0, o = 0, end = width * height * 4; i < end; i += 4, o += 3) {
        rgb[o] = rgba[i] as number;
        rgb[o + 1] = rgba[i + 1] as number;
        rgb[o + 2] = rgba[i + 2] as number;
      }
      let bytes: Uint8Array<ArrayBuffer> = new Uint8Array(0);
      for (const quality of qualities) {
        encoder.setQuality(quality);
        encoder.encode();
        const encoded = encoder.getEncodedBuffer();
        bytes = new Uint8Array(encoded.buffer, encoded.byteOffset, encoded.byteLength);
        if (fits(bytes)) break;
      }
      return bytes;
    },
  };
}
