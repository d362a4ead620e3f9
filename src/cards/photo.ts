import mozjpegDecoder from "@jsquash/jpeg/codec/dec/mozjpeg_dec.wasm";
import decodeJpeg, { init as initJpegDecoder } from "@jsquash/jpeg/decode.js";
import { convertIndexedToRgb, decode as decodePng } from "fast-png";
import { CARD_COLORS, rgbOf } from "./card-design";

/** A decoded lead photo: opaque RGBA, 8 bits a channel. */
export interface Photo {
  width: number;
  height: number;
  data: Uint8Array;
}

/** Where on the card the photo goes. */
export interface PhotoRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

let decoderReady: Promise<void> | undefined;

/**
 * The lead photo's pixels. JPEG goes through mozjpeg (wasm, about 12 ms for 1200×800, a
 * quarter of pure-JS jpeg-js), PNG through fast-png. Decoding here rather than inside resvg
 * matters: resvg spends ~230 ms decoding and scaling a 1200×800 JPEG in the SVG. Throws on
 * bytes that do not decode; the caller then draws the text card.
 */
export async function decodePhoto(bytes: Uint8Array, type: "image/jpeg" | "image/png"): Promise<Photo> {
  if (type === "image/jpeg") {
    decoderReady ??= initJpegDecoder(mozjpegDecoder);
    await decoderReady;
    const image = await decodeJpeg(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    return {
      width: image.width,
      height: image.height,
      data: new Uint8Array(image.data.buffer, image.data.byteOffset, image.data.byteLength),
    };
  }
  // Bit depth and colour type, read from IHDR before decoding: a 16-bit photo would take twice
  // the memory to be turned down afterwards. Palette images of 1–8 bits are expanded below.
  const depth = bytes[24];
  const indexed = bytes[25] === 3;
  if (depth !== 8 && !indexed) throw new Error(`PNG photos of ${depth} bits a channel are not drawn`);
  const png = decodePng(bytes);
  const rgb = png.palette ? { data: convertIndexedToRgb(png), channels: png.palette[0]?.length ?? 3 } : png;
  return { width: png.width, height: png.height, data: toRgba(rgb.data as Uint8Array, rgb.channels, png.width * png.height) };
}

/** Grey, grey+alpha, RGB or RGBA as opaque RGBA; transparent parts are laid over the card's background colour. */
function toRgba(data: Uint8Array, channels: number, pixels: number): Uint8Array {
  const background = rgbOf(CARD_COLORS.background);
  const hasAlpha = channels === 2 || channels === 4;
  const out = new Uint8Array(pixels * 4);
  for (let i = 0, o = 0; i < pixels; i++, o += 4) {
    const s = i * channels;
    const alpha = hasAlpha ? (data[s + channels - 1] ?? 255) : 255;
    for (let c = 0; c < 3; c++) {
      const value = data[channels < 3 ? s : s + c] ?? 0;
      out[o + c] = Math.round((value * alpha + (background[c] ?? 0) * (255 - alpha)) / 255);
    }
    out[o + 3] = 255;
  }
  return out;
}

/** Halves the photo with a 2×2 box filter: bilinear sampling alone would alias below half size. */
function halve(photo: Photo): Photo {
  const width = Math.max(1, photo.width >> 1);
  const height = Math.max(1, photo.height >> 1);
  const data = new Uint8Array(width * height * 4);
  const row = photo.width * 4;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const s = (y * 2 * photo.width + x * 2) * 4;
      const o = (y * width + x) * 4;
      for (let c = 0; c < 4; c++) {
        const d = photo.data;
        data[o + c] = ((d[s + c] ?? 0) + (d[s + 4 + c] ?? 0) + (d[s + row + c] ?? 0) + (d[s + row + 4 + c] ?? 0) + 2) >> 2;
      }
    }
  }
  return { width, height, data };
}

/**
 * Draws the photo under the card's pixels inside `rect`, scaled to cover it (CSS
 * `object-fit: cover`, centred): `card` holds resvg's premultiplied RGBA, transparent where
 * the photo shows, and comes out opaque.
 *
 * Written here rather than taken from a library: @jsquash/resize (Rust `resize` via wasm)
 * took 40 ms for one 1200×800 → 1200×630 cover in local workerd, half a photo card's budget;
 * this box-then-bilinear pass takes a few ms. Measured December 2026 in Node 22 for the
 * 480×630 photo of a photo-beside card: 4.1 ms with a loop over the three channels, 3.0 ms with
 * red and blue interpolated together and the card's fully transparent and opaque pixels
 * (nearly all of them) taking no blending.
 */
export function drawPhotoUnder(card: Uint8Array, cardWidth: number, source: Photo, rect: PhotoRect): void {
  let photo = source;
  while (Math.max(rect.width / photo.width, rect.height / photo.height) < 0.5 && photo.width > 1 && photo.height > 1) photo = halve(photo);
  const scale = Math.max(rect.width / photo.width, rect.height / photo.height);
  const { data, width, height } = photo;
  // Where each column and row of the rect samples the photo: the two neighbours and the
  // weight of the second, in 1/256ths (integer arithmetic: this loop runs for every pixel).
  const axis = (size: number, sourceSize: number) => {
    const offset = (sourceSize - size / scale) / 2;
    const first = new Int32Array(size);
    const second = new Int32Array(size);
    const weight = new Int32Array(size);
    for (let i = 0; i < size; i++) {
      const at = Math.min(sourceSize - 1, Math.max(0, offset + (i + 0.5) / scale - 0.5));
      first[i] = Math.floor(at);
      second[i] = Math.min(sourceSize - 1, Math.floor(at) + 1);
      weight[i] = Math.round((at - Math.floor(at)) * 256);
    }
    return { first, second, weight };
  };
  const columns = axis(rect.width, width);
  const rows = axis(rect.height, height);
  const { first: x0s, second: x1s, weight: wxs } = columns;
  // A pixel at a time as one 32-bit word (RGBA, little-endian): a quarter of the array reads.
  const pixels = new Uint32Array(data.buffer, data.byteOffset, data.byteLength >> 2);
  const target = new Uint32Array(card.buffer, card.byteOffset, card.byteLength >> 2);
  for (let y = 0; y < rect.height; y++) {
    const top = (rows.first[y] as number) * width;
    const bottom = (rows.second[y] as number) * width;
    const wy = rows.weight[y] as number;
    const iy = 256 - wy;
    let o = (rect.y + y) * cardWidth + rect.x;
    for (let x = 0; x < rect.width; x++, o++) {
      const over = target[o] as number;
      const alpha = over >>> 24;
      // Where the card is opaque (the panel's text, mostly) the photo does not show.
      if (alpha === 255) continue;
      const x0 = x0s[x] as number;
      const x1 = x1s[x] as number;
      const wx = wxs[x] as number;
      const ix = 256 - wx;
      const a = pixels[top + x0] as number;
      const b = pixels[top + x1] as number;
      const c = pixels[bottom + x0] as number;
      const d = pixels[bottom + x1] as number;
      // Red and blue interpolated together in one word (0x00ff00ff), green on its own: a
      // channel times a weight of at most 256 cannot spill into the next one. The photo is
      // opaque, so alpha is not interpolated.
      const rbTop = (((a & 0xff00ff) * ix + (b & 0xff00ff) * wx) >>> 8) & 0xff00ff;
      const gTop = (((a & 0xff00) * ix + (b & 0xff00) * wx) >>> 8) & 0xff00;
      const rbBottom = (((c & 0xff00ff) * ix + (d & 0xff00ff) * wx) >>> 8) & 0xff00ff;
      const gBottom = (((c & 0xff00) * ix + (d & 0xff00) * wx) >>> 8) & 0xff00;
      const value = ((((rbTop * iy + rbBottom * wy) >>> 8) & 0xff00ff) | (((gTop * iy + gBottom * wy) >>> 8) & 0xff00)) >>> 0;
      if (alpha === 0) {
        target[o] = (value | 0xff000000) >>> 0;
        continue;
      }
      // resvg's pixels are premultiplied: what the card leaves uncovered (255 − alpha) shows the photo.
      const cover = 255 - alpha;
      let out = 0xff000000;
      for (let shift = 0; shift < 24; shift += 8) {
        out |= ((((over >>> shift) & 255) + (((((value >>> shift) & 255) * cover + 127) / 255) | 0)) & 255) << shift;
      }
      target[o] = out >>> 0;
    }
  }
}
