import { decode } from "fast-png";
import { describe, expect, it } from "vitest";
import { encodePng } from "../../src/cards/encode";

/** Opaque RGBA pixels whose every byte depends on its place, so a shifted or stale row shows. */
function pixels(width: number, height: number, seed: number): Uint8Array {
  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0; i < rgba.length; i++) rgba[i] = i % 4 === 3 ? 255 : (i * 7 + seed) % 251;
  return rgba;
}

describe("encodePng", () => {
  it("gives back the pixels exactly, a large image after a small one and a small after a large", () => {
    for (const [width, height, seed] of [
      [3, 2, 1],
      [1200, 630, 2],
      [5, 7, 3],
      [1200, 1200, 4],
      [1200, 630, 5],
    ] as const) {
      const rgba = pixels(width, height, seed);
      const image = decode(encodePng(rgba, width, height));
      expect([image.width, image.height, image.channels], `${width}×${height}`).toEqual([width, height, 4]);
      expect(Buffer.from(image.data as Uint8Array).equals(Buffer.from(rgba)), `${width}×${height}`).toBe(true);
    }
  });
});
