import { colord, extend } from "colord";
import a11yPlugin from "colord/plugins/a11y";
import { decode as decodePngFile } from "fast-png";
import jpeg from "jpeg-js";
import pixelmatch from "pixelmatch";
import { describe, expect, it } from "vitest";
import photoFixture from "../../bench/fixtures/lead-image.jpg";
import { cardText } from "../../src/cards/card-content";
import { CARD_COLORS, CARD_FRAMES, CARD_MAX_BYTES, type CardFrame, PANEL_OPACITY } from "../../src/cards/card-design";
import { renderCard } from "../../src/cards/card-image";
import type { CardText } from "../../src/cards/card-layout";
import { harfbuzzShimUsed } from "../../src/cards/harfbuzz-shim";
import { decodePhoto, type Photo } from "../../src/cards/photo";
import { CARD_LAYOUTS } from "../../src/site/config";
import arabicReference from "../fixtures/cards/arabic-word.png";
import hebrewReference from "../fixtures/cards/hebrew-word.png";

extend([a11yPlugin]);

/** Decoded card pixels, RGBA. */
interface Pixels {
  width: number;
  height: number;
  data: Uint8Array;
}

/** The card's bytes as a reader's app would decode them, checked to be what they claim. */
function decodeCard(bytes: Uint8Array, type: string): Pixels {
  if (type === "image/jpeg") {
    expect([...bytes.slice(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
    const image = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true });
    return { width: image.width, height: image.height, data: image.data };
  }
  expect([...bytes.slice(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const image = decodePngFile(bytes);
  expect([image.channels, image.depth]).toEqual([4, 8]);
  const data = image.data as Uint8Array;
  // A card is opaque: no platform shows it over a background of its choosing.
  for (let i = 3; i < data.length; i += 4) if (data[i] !== 255) expect.fail(`transparent pixel at ${i >> 2}`);
  return { width: image.width, height: image.height, data };
}

const text = (headline: string, extra: Partial<Parameters<typeof cardText>[0]> = {}): CardText =>
  cardText({
    headline,
    byline: "By Jane Roe",
    siteName: "FISM News",
    fallbackName: "news.example",
    section: "World",
    date: "May 1, 2024",
    ...extra,
  });

const SEED = text("Iraqi prime minister survives drone attack on his Baghdad residence");
const photo = (): Promise<Photo> => decodePhoto(new Uint8Array(photoFixture), "image/jpeg");

const rgbAt = (image: Pixels, x: number, y: number) => [...image.data.slice((y * image.width + x) * 4, (y * image.width + x) * 4 + 3)];
const isInk = (image: Pixels, x: number, y: number) => rgbAt(image, x, y).every((channel) => channel > 170);

/** The headline's white ink inside rows [top, bottom): its bounding box, cropped out as RGBA. */
function inkCrop(image: Pixels, top: number, bottom: number): Pixels & { left: number; right: number } {
  let left = image.width;
  let right = -1;
  let first = bottom;
  let last = -1;
  for (let y = top; y < bottom; y++)
    for (let x = 0; x < image.width; x++)
      if (isInk(image, x, y)) {
        left = Math.min(left, x);
        right = Math.max(right, x);
        first = Math.min(first, y);
        last = Math.max(last, y);
      }
  const width = right - left + 1;
  const height = last - first + 1;
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++)
    data.set(image.data.slice(((first + y) * image.width + left) * 4, ((first + y) * image.width + right + 1) * 4), y * width * 4);
  return { width, height, data, left, right };
}

/** Runs of columns with ink in rows [top, bottom), split where at least `gap` columns are empty: the words of a one-line headline. */
function inkRuns(image: Pixels, top: number, bottom: number, gap = 14): { from: number; to: number }[] {
  const runs: { from: number; to: number }[] = [];
  let empty = gap;
  for (let x = 0; x < image.width; x++) {
    let ink = false;
    for (let y = top; y < bottom && !ink; y++) ink = isInk(image, x, y);
    if (ink) {
      const last = runs[runs.length - 1];
      if (last && empty < gap) last.to = x;
      else runs.push({ from: x, to: x });
      empty = 0;
    } else empty++;
  }
  return runs;
}

/** The headline's rows on a text card of a one-line headline (kicker and footer excluded). */
const HEADLINE_ROWS = [180, 460] as const;

describe("the card renderer", () => {
  it("starts satori's text shaper through the shim (workerd forbids its own loader)", async () => {
    await renderCard({ text: text("Shaped"), layout: "text", frame: "og", format: "image/png" });
    expect(harfbuzzShimUsed()).toBe(true);
    // Both stand-ins are put back once used: the rest of the isolate sees the real ones.
    expect(WebAssembly.instantiate.name).toBe("instantiate");
    expect(WebAssembly.Module.name).toBe("Module");
  });

  it("draws every frame and layout as the declared type and size, under 300 KB", async () => {
    const lead = await photo();
    for (const frame of Object.keys(CARD_FRAMES) as CardFrame[]) {
      for (const layout of CARD_LAYOUTS) {
        const format = layout === "text" ? "image/png" : "image/jpeg";
        const card = await renderCard({ text: SEED, layout, frame, format, photo: layout === "text" ? undefined : lead });
        const label = `${frame} ${layout}`;
        expect(card.type, label).toBe(format);
        expect([card.width, card.height], label).toEqual([CARD_FRAMES[frame].width, CARD_FRAMES[frame].height]);
        expect(card.bytes.byteLength, label).toBeLessThan(CARD_MAX_BYTES);
        const image = decodeCard(card.bytes, format);
        expect([image.width, image.height], label).toEqual([card.width, card.height]);
      }
    }
  });

  it("shows the photo's own pixels where the photo goes", async () => {
    const lead = await photo();
    const card = await renderCard({ text: SEED, layout: "photo-beside", frame: "og", format: "image/jpeg", photo: lead });
    const image = decodeCard(card.bytes, card.type);
    // The photo covers the right 480×630, scaled by max(480/1200, 630/800) and centred.
    const scale = 630 / 800;
    const offsetX = (1200 - 480 / scale) / 2;
    let difference = 0;
    let samples = 0;
    for (let y = 15; y < 630; y += 40)
      for (let x = 15; x < 480; x += 40) {
        const sx = Math.round(offsetX + (x + 0.5) / scale - 0.5);
        const sy = Math.round((y + 0.5) / scale - 0.5);
        const expected = [...lead.data.slice((sy * lead.width + sx) * 4, (sy * lead.width + sx) * 4 + 3)];
        const got = rgbAt(image, 720 + x, y);
        difference += expected.reduce((sum, value, i) => sum + Math.abs(value - (got[i] ?? 0)), 0) / 3;
        samples++;
      }
    // JPEG and resampling move a pixel by a few levels; a card without the photo would be ~100 off.
    expect(difference / samples).toBeLessThan(14);
    // The text side keeps the card's background.
    expect(rgbAt(image, 30, 600).every((value, i) => Math.abs(value - ([20, 33, 61][i] ?? 0)) < 8)).toBe(true);
  });

  it("mirrors a right-to-left card: the photo on the left, the text on the right", async () => {
    const lead = await photo();
    const card = await renderCard({
      text: text("ראש ממשלת עיראק שרד"),
      layout: "photo-beside",
      frame: "og",
      format: "image/jpeg",
      photo: lead,
    });
    const image = decodeCard(card.bytes, card.type);
    const navy = (x: number, y: number) => rgbAt(image, x, y).every((value, i) => Math.abs(value - ([20, 33, 61][i] ?? 0)) < 8);
    // The text column's background on the right, the photo (not the background) on the left.
    expect(navy(1180, 600)).toBe(true);
    expect(navy(20, 20)).toBe(false);
    expect(inkCrop(image, ...HEADLINE_ROWS).right).toBeGreaterThan(1100);
  });

  it("gives a text card in the declared format when there is no photo to draw", async () => {
    const card = await renderCard({ text: SEED, layout: "photo-full", frame: "og", format: "image/jpeg" });
    expect(card.type).toBe("image/jpeg");
    const image = decodeCard(card.bytes, card.type);
    // No photo: the background colour everywhere text is not.
    expect(rgbAt(image, 1180, 20).every((value, i) => Math.abs(value - ([20, 33, 61][i] ?? 0)) < 8)).toBe(true);
  });

  it("draws a Hebrew and an Arabic word shaped and in reading order, as in the reference images", async () => {
    for (const [word, reference] of [
      ["שלום עולם", hebrewReference],
      ["السلام عليكم", arabicReference],
    ] as const) {
      const card = await renderCard({ text: text(word), layout: "text", frame: "og", format: "image/png" });
      const drawn = inkCrop(decodeCard(card.bytes, card.type), ...HEADLINE_ROWS);
      const expected = decodePngFile(new Uint8Array(reference));
      expect([drawn.width, drawn.height], word).toEqual([expected.width, expected.height]);
      const diff = pixelmatch(drawn.data, expected.data as Uint8Array, undefined, drawn.width, drawn.height, { threshold: 0.2 });
      // Anti-aliasing may differ by a few pixels; reversed or unjoined letters differ by thousands.
      expect(diff / (drawn.width * drawn.height), word).toBeLessThan(0.01);
      // Right-to-left headlines are right-aligned: the ink ends at the right padding.
      expect(drawn.right, word).toBeGreaterThan(1200 - 64 - 20);
    }
  });

  it("puts a right-to-left headline's first word on the right, and a left-to-right one's on the left", async () => {
    for (const [headline, firstOnRight] of [
      ["ש מממממממממ", true],
      ["ب ممممممممم", true],
      ["I mmmmmmmmmm", false],
    ] as const) {
      const card = await renderCard({ text: text(headline), layout: "text", frame: "og", format: "image/png" });
      const runs = inkRuns(decodeCard(card.bytes, card.type), ...HEADLINE_ROWS);
      expect(runs, headline).toHaveLength(2);
      const [left, right] = runs as [{ from: number; to: number }, { from: number; to: number }];
      const narrow = (run: { from: number; to: number }) => run.to - run.from;
      // The first word is the one-letter one.
      expect(narrow(firstOnRight ? right : left) < narrow(firstOnRight ? left : right), headline).toBe(true);
    }
  });

  it("orders a mixed Hebrew, Latin and number headline as a browser does", async () => {
    // Logical order: a Hebrew word, a Latin word, a number. In a right-to-left paragraph the
    // number after a Latin word joins its left-to-right run (Unicode bidi rule W7), so a
    // browser shows, left to right: WWWWWW, 7, then the Hebrew word on the right.
    const card = await renderCard({ text: text("שלום WWWWWW 7"), layout: "text", frame: "og", format: "image/png" });
    // Word spaces at this size are about 30 px; gaps inside a word stay under 20.
    const runs = inkRuns(decodeCard(card.bytes, card.type), ...HEADLINE_ROWS, 22);
    expect(runs).toHaveLength(3);
    // Each word drawn alone gives its width (they differ a lot), which tells the runs apart.
    const widths: number[] = [];
    for (const word of ["WWWWWW", "7", "שלום"]) {
      const alone = await renderCard({ text: text(word), layout: "text", frame: "og", format: "image/png" });
      const run = inkRuns(decodeCard(alone.bytes, alone.type), ...HEADLINE_ROWS, 22)[0];
      widths.push((run?.to ?? 0) - (run?.from ?? 0));
    }
    const closest = (width: number) =>
      widths.reduce((best, w, i) => (Math.abs(w - width) < Math.abs((widths[best] ?? 0) - width) ? i : best), 0);
    expect(runs.map((run) => closest(run.to - run.from))).toEqual([0, 1, 2]);
  });

  it("keeps every layout's text legible, over the brightest and darkest photo", async () => {
    const contrast = (a: string, b: string) => colord(a).contrast(b);
    const over = (photoColor: number) => {
      const mix = (channel: number) => Math.round(PANEL_OPACITY * channel + (1 - PANEL_OPACITY) * photoColor);
      const bg = colord(CARD_COLORS.background).toRgb();
      return colord({ r: mix(bg.r), g: mix(bg.g), b: mix(bg.b) }).toHex();
    };
    const backgrounds = { text: [CARD_COLORS.background], "photo-beside": [CARD_COLORS.background], "photo-full": [over(255), over(0)] };
    for (const layout of CARD_LAYOUTS)
      for (const background of backgrounds[layout])
        for (const color of [CARD_COLORS.kicker, CARD_COLORS.headline, CARD_COLORS.byline, CARD_COLORS.siteName])
          expect(contrast(color, background), `${layout} ${color} on ${background}`).toBeGreaterThanOrEqual(4.5);

    // And as drawn: the panel over a pure white photo, beside the byline.
    const white: Photo = { width: 800, height: 600, data: new Uint8Array(800 * 600 * 4).fill(255) };
    const card = await renderCard({ text: SEED, layout: "photo-full", frame: "og", format: "image/jpeg", photo: white });
    const image = decodeCard(card.bytes, card.type);
    const panel = colord({ r: rgbAt(image, 20, 560)[0] ?? 0, g: rgbAt(image, 20, 560)[1] ?? 0, b: rgbAt(image, 20, 560)[2] ?? 0 });
    expect(colord(CARD_COLORS.kicker).contrast(panel)).toBeGreaterThanOrEqual(4.5);
    // The photo still shows above the panel.
    expect(rgbAt(image, 600, 20).every((value) => value > 240)).toBe(true);
  });

  it("leaves out emoji and gives way to the site name for scripts the fonts lack, instead of drawing boxes", () => {
    expect(text("Fans celebrate 🎉🇮🇶 as Iraq qualifies ⚽").headline).toBe("Fans celebrate as Iraq qualifies");
    expect(text("伊拉克总理在无人机袭击中幸免于难").headline).toBe("FISM News");
    expect(text("ראש הממשלה").direction).toBe("rtl");
    expect(text("“ראש הממשלה”").direction).toBe("rtl");
    expect(text("2024: CNN").direction).toBe("ltr");
  });
});
