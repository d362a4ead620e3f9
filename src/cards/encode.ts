import CRC32 from "crc-32";
// The encoder alone: the package's index also bundles its (slower than mozjpeg) decoder.
import encodeJpegData from "jpeg-js/lib/encoder.js";
import { CARD_MAX_BYTES } from "./card-design";

/**
 * A PNG of opaque RGBA pixels, written as 8-bit RGB. The compression is workerd's own
 * `CompressionStream("deflate")` (zlib format, what PNG's IDAT holds), native code: resvg's
 * PNG encoder in wasm was ~60% of a text card's render time (measured in local workerd).
 * Each row is "Up"-filtered (PNG filter 2), which suits a card's flat colour areas.
 */
export async function encodePng(rgba: Uint8Array, width: number, height: number): Promise<Uint8Array> {
  const stride = width * 3 + 1;
  const raw = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const row = y * stride;
    raw[row] = 2;
    for (let x = 0; x < width; x++) {
      const s = (y * width + x) * 4;
      const above = s - width * 4;
      for (let c = 0; c < 3; c++) {
        const value = rgba[s + c] ?? 0;
        raw[row + 1 + x * 3 + c] = (value - (y > 0 ? (rgba[above + c] ?? 0) : 0)) & 0xff;
      }
    }
  }
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header.set([8, 2, 0, 0, 0], 8); // 8 bits, truecolour, deflate, adaptive filtering, no interlace
  const idat = new Uint8Array(await new Response(new Blob([raw]).stream().pipeThrough(new CompressionStream("deflate"))).arrayBuffer());
  return concat([PNG_SIGNATURE, chunk("IHDR", header), chunk("IDAT", idat), chunk("IEND", new Uint8Array(0))]);
}

const PNG_SIGNATURE = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** length, type, data, CRC-32 of type and data. */
function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.byteLength);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.byteLength);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setInt32(8 + data.byteLength, CRC32.buf(out.subarray(4, 8 + data.byteLength)));
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
 * photo cards come out at 70–230 KB with no visible ringing around the headline; a photo full
 * of fine detail drops to the next.
 */
export const JPEG_QUALITIES = [82, 70, 55];

/**
 * A baseline JPEG of opaque RGBA pixels, with jpeg-js (pure JS): about 40 ms for a 1200×630
 * card in V8, where @jsquash/jpeg's mozjpeg (trellis quantisation always on) took 86–196 ms
 * (measured in Node 22, December 2026).
 */
export function encodeJpeg(rgba: Uint8Array, width: number, height: number): Uint8Array {
  let bytes = new Uint8Array(0);
  for (const quality of JPEG_QUALITIES) {
    bytes = new Uint8Array(encodeJpegData({ data: rgba, width, height }, quality).data);
    if (bytes.byteLength <= CARD_MAX_BYTES) break;
  }
  return bytes;
}
