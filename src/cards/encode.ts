import { crc32, deflateSync } from "node:zlib";
import { CARD_MAX_BYTES } from "./card-design";
import { jpegEncoderOnce } from "./jpeg-encoder";

/**
 * A PNG of opaque RGBA pixels (8 bits a channel, no filtering; resvg's pixels are premultiplied,
 * which is the same thing where the card is opaque, as every card is), compressed by workerd's native zlib
 * (`node:zlib`, with nodejs_compat) at level 3. Measured on a text card (December 2026): resvg's
 * own PNG encoder in wasm was ~60% of the render; `CompressionStream("deflate")`, fixed at
 * zlib's level 6, took ~14 ms; level 3 takes ~3 ms for a 50 KB file instead of 33 KB. Rows
 * go behind PNG's filter byte 0 as they are: filtering them in JS cost more time than it
 * saved in size on a card's flat colours.
 */
export function encodePng(rgba: Uint8Array, width: number, height: number): Uint8Array {
  const stride = width * 4;
  const raw = scanlines((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (stride + 1)] = 0;
    raw.set(rgba.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  }
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header.set([8, 6, 0, 0, 0], 8); // 8 bits, truecolour with alpha, deflate, adaptive filtering, no interlace
  const idat = new Uint8Array(deflateSync(raw, { level: 3 }));
  return concat([PNG_SIGNATURE, chunk("IHDR", header), chunk("IDAT", idat), chunk("IEND", new Uint8Array(0))]);
}

let scratch = new Uint8Array(0);

/**
 * The filtered rows, in one buffer kept for the isolate's next card: allocating and zeroing
 * 3 MB per card took longer than copying the pixels into it (1.4 ms against 0.2 ms, measured
 * December 2026) and set off garbage collections. Safe to share: encodePng runs to its end
 * without yielding, and zlib reads the rows before it returns.
 */
function scanlines(bytes: number): Uint8Array {
  if (scratch.byteLength < bytes) scratch = new Uint8Array(bytes);
  return scratch.subarray(0, bytes);
}

const PNG_SIGNATURE = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** length, type, data, CRC-32 of type and data. */
function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.byteLength);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.byteLength);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.byteLength, crc32(out.subarray(4, 8 + data.byteLength)));
  return out;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.byteLength, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
}

/**
 * Qualities tried in turn until the card fits WhatsApp's 300 KB: 82 first, whose 1200×630
 * photo cards come out at 120–160 KB (240–260 KB for the 1:1 frame) with no visible ringing
 * around the headline; a photo full of fine detail drops to the next.
 */
const JPEG_QUALITIES = [82, 70, 55];

/**
 * A baseline JPEG of opaque RGBA pixels, with libjpeg-turbo in wasm: 17 ms for a 1200×630
 * photo card in Node 22 where jpeg-js (pure JS, the encoder before) took 42 ms and
 * @jsquash/jpeg's mozjpeg (trellis quantisation always on) 86–196 ms (measured December 2026).
 */
export async function encodeJpeg(rgba: Uint8Array, width: number, height: number): Promise<Uint8Array> {
  const encoder = await jpegEncoderOnce();
  return encoder.encode(rgba, width, height, JPEG_QUALITIES, (bytes) => bytes.byteLength <= CARD_MAX_BYTES);
}
