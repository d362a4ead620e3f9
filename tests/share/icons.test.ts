import * as simpleIcons from "simple-icons";
import svgpath from "svgpath";
import { describe, expect, it } from "vitest";
import { roundPathData } from "../../src/share/icons";

/** Every segment of a path in absolute coordinates, for comparing shapes. */
const segments = (d: string) => (svgpath(d).abs() as unknown as { segments: (string | number)[][] }).segments;

describe("share icons", () => {
  it("keep their shape when their coordinates are rounded", () => {
    const used = [
      "siFacebook",
      "siX",
      "siWhatsapp",
      "siTelegram",
      "siReddit",
      "siBluesky",
      "siThreads",
      "siMastodon",
      "siPinterest",
      "siViber",
      "siLine",
      "siVk",
    ] as const;
    for (const name of used) {
      // biome-ignore lint/performance/noDynamicNamespaceImportAccess: a test reads a list of icons by name; nothing is bundled.
      const d = simpleIcons[name].path;
      const original = segments(d);
      const rounded = segments(roundPathData(d));
      expect(rounded.length, name).toBe(original.length);
      rounded.forEach((segment, i) => {
        expect(segment[0], name).toBe(original[i]?.[0]);
        // Relative commands add up their rounding; a quarter unit is 0.2 px at 20 px.
        segment.slice(1).forEach((value, j) => {
          expect(Math.abs(Number(value) - Number(original[i]?.[j + 1])), name).toBeLessThanOrEqual(0.25);
        });
      });
    }
  });

  it("regression: adjacent numbers never merge when a coordinate rounds to an integer", () => {
    const d = "M0.05.03l1.96.04";
    expect(segments(roundPathData(d)).flat().length).toBe(segments(d).flat().length);
  });
});
