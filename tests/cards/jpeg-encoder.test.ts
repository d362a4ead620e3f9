import jpeg from "jpeg-js";
import { describe, expect, it } from "vitest";
import { CARD_MAX_BYTES } from "../../src/cards/card-design";
import { encodeJpeg } from "../../src/cards/encode";

/** The JPEG's frame header (SOF): its kind, size and each component's sampling factors. */
function frameHeader(bytes: Uint8Array): { marker: number; width: number; height: number; sampling: number[] } {
  expect([bytes[0], bytes[1]]).toEqual([0xff, 0xd8]);
  let at = 2;
  while (at < bytes.length) {
    expect(bytes[at], `a marker at ${at}`).toBe(0xff);
    const marker = bytes[at + 1] as number;
    const length = ((bytes[at + 2] as number) << 8) | (bytes[at + 3] as number);
    if (marker >= 0xc0 && marker <= 0xc2) {
      const view = new DataView(bytes.buffer, bytes.byteOffset + at + 4, length - 2);
      const components = view.getUint8(5);
      return {
        marker,
        height: view.getUint16(1),
        width: view.getUint16(3),
        sampling: Array.from({ length: components }, (_, i) => view.getUint8(6 + i * 3 + 1)),
      };
    }
    at += 2 + length;
  }
  throw new Error("no frame header");
}

/** Opaque RGBA of one colour, with a white square in the middle (sharp edges, as text has). */
function picture(width: number, height: number, [r, g, b]: [number, number, number]): Uint8Array {
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const white = Math.abs(x - width / 2) < 40 && Math.abs(y - height / 2) < 40;
      data.set(white ? [255, 255, 255, 255] : [r, g, b, 255], (y * width + x) * 4);
    }
  return data;
}

const rgbAt = (image: { width: number; data: Uint8Array }, x: number, y: number) => [
  ...image.data.slice((y * image.width + x) * 4, (y * image.width + x) * 4 + 3),
];
const near = (got: number[], expected: number[]) => got.every((value, i) => Math.abs(value - (expected[i] ?? 0)) <= 6);

describe("the card JPEG encoder (libjpeg-turbo)", () => {
  it("writes baseline JPEGs with full-resolution colour (4:4:4) of the size asked", async () => {
    const bytes = await encodeJpeg(picture(1200, 630, [252, 163, 17]), 1200, 630);
    const header = frameHeader(bytes);
    // SOF0: baseline, readable by every platform's decoder; 0x11: no chroma subsampling in any component.
    expect(header).toEqual({ marker: 0xc0, width: 1200, height: 630, sampling: [0x11, 0x11, 0x11] });
    expect(bytes.byteLength).toBeLessThan(CARD_MAX_BYTES);
    const image = jpeg.decode(bytes, { useTArray: true });
    expect(near(rgbAt(image, 10, 10), [252, 163, 17])).toBe(true);
    expect(near(rgbAt(image, 600, 315), [255, 255, 255])).toBe(true);
  });

  it("keeps each card's own pixels when cards of other sizes are encoded at the same time", async () => {
    // One encoder (and its buffers) serves the isolate: a larger frame, a smaller one and
    // another colour, started together, must not see each other's pixels.
    const [square, card, other] = await Promise.all([
      encodeJpeg(picture(1200, 1200, [20, 33, 61]), 1200, 1200),
      encodeJpeg(picture(1200, 630, [200, 30, 30]), 1200, 630),
      encodeJpeg(picture(600, 300, [30, 200, 30]), 600, 300),
    ]);
    const cases: [Uint8Array, number, number, [number, number, number]][] = [
      [square, 1200, 1200, [20, 33, 61]],
      [card, 1200, 630, [200, 30, 30]],
      [other, 600, 300, [30, 200, 30]],
    ];
    for (const [bytes, width, height, colour] of cases) {
      const image = jpeg.decode(bytes, { useTArray: true });
      expect([image.width, image.height]).toEqual([width, height]);
      expect(near(rgbAt(image, 5, 5), colour), `${width}×${height} corner`).toBe(true);
      expect(near(rgbAt(image, width - 5, height - 5), colour), `${width}×${height} far corner`).toBe(true);
      expect(near(rgbAt(image, width / 2, height / 2), [255, 255, 255]), `${width}×${height} centre`).toBe(true);
    }
  });
});
