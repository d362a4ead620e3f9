/**
 * What a card looks like, as data: its frames (sizes), its layouts and its colours. The
 * renderer draws from these, and the tests check the colours' contrast from them.
 */

/** The share card (og:image) and the three frames Google asks for in an article's JSON-LD `image`. */
export type CardFrame = "og" | "16x9" | "4x3" | "1x1";

export const CARD_FRAMES: Record<CardFrame, { width: number; height: number }> = {
  og: { width: 1200, height: 630 },
  "16x9": { width: 1200, height: 675 },
  "4x3": { width: 1200, height: 900 },
  "1x1": { width: 1200, height: 1200 },
};

/**
 * Google's article structured data: "multiple high-resolution images (minimum of 50K pixels
 * when multiplying width and height) with the following aspect ratios: 16x9, 4x3, and 1x1"
 * (developers.google.com/search/docs/appearance/structured-data/article). Discover wants
 * them at least 1200 px wide.
 */
export const SCHEMA_FRAMES = ["16x9", "4x3", "1x1"] as const satisfies CardFrame[];

export type { CardLayout } from "../site/config";

/** "#14213d" → [20, 33, 61]. */
export function rgbOf(hex: string): [number, number, number] {
  return [1, 3, 5].map((at) => Number.parseInt(hex.slice(at, at + 2), 16)) as [number, number, number];
}

export const CARD_COLORS = {
  background: "#14213d",
  kicker: "#fca311",
  headline: "#ffffff",
  byline: "#e5e5e5",
  siteName: "#ffffff",
} as const;

/**
 * How opaque the `photo-full` panel under the text is. At 0.86 the panel over a pure white
 * photo is still dark enough for the kicker's orange (the lowest-contrast text) to stay
 * above WCAG's 4.5:1; tests/cards check every layout's worst case.
 */
export const PANEL_OPACITY = 0.86;

/** WhatsApp ignores preview images over 300 KB. */
export const CARD_MAX_BYTES = 300 * 1024;

/** The bytes of a card and what they are; the page's og:image:type comes from the same choice. */
export type CardFormat = "image/png" | "image/jpeg";

/** The file name extension of each format, in card URLs and R2 keys. */
export const CARD_EXTENSIONS = { "image/png": "png", "image/jpeg": "jpg" } as const satisfies Record<CardFormat, string>;

/** Every frame an article's card is drawn in: the share card, then the JSON-LD frames. */
export const ALL_FRAMES: CardFrame[] = ["og", ...SCHEMA_FRAMES];
