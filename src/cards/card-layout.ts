import { trimOnWordBoundary } from "../articles/summary";
import type { TextDirection } from "../site/text-direction";
import { CARD_COLORS, CARD_FRAMES, type CardFrame, type CardLayout, PANEL_OPACITY, rgbOf } from "./card-design";
import { CARD_FONT_FAMILY } from "./fonts";
import type { PhotoRect } from "./photo";

/** What a card shows: plain text, already formatted. */
export interface CardText {
  headline: string;
  /** "By Lauren Moye", or the site's description on the default card. */
  byline: string;
  siteName: string;
  section?: string;
  /** "November 7, 2021" */
  date?: string;
  /** The headline's direction: a right-to-left card is mirrored and right-aligned. */
  direction: TextDirection;
}

/** A satori element tree (satori takes React-like objects; no JSX runtime needed). */
export type CardNode = { type: string; props: Record<string, unknown> };

// 0.63 lays boxes out as content-box by default; every box here is sized border-box.
const el = (type: string, style: Record<string, unknown>, children?: unknown): CardNode => ({
  type,
  props: { style: { boxSizing: "border-box", ...style }, children },
});

const PADDING_X = 64;
const PADDING_Y = 52;
/** Noto Sans Bold averages about 0.56 em per character. */
const EM_PER_CHARACTER = 0.56;
const LINE_HEIGHT = 1.12;
/** Arabic's tall letters (lam, alef) touch the line above at Latin's line height. */
const RTL_LINE_HEIGHT = 1.25;

/**
 * The largest headline size at which the headline's estimated lines fit `maxLines` and the
 * height; the smallest size and a cut on a word boundary when nothing does. satori's
 * lineClamp is the backstop for headlines wider than the estimate.
 */
function fitHeadline(
  headline: string,
  width: number,
  height: number,
  maxLines: number,
  lineHeight = LINE_HEIGHT,
): { fontSize: number; text: string } {
  const steps = [76, 68, 60, 52, 44];
  const perLine = (fontSize: number) => Math.max(8, Math.floor(width / (fontSize * EM_PER_CHARACTER)));
  for (const fontSize of steps) {
    const lines = Math.ceil(headline.length / (perLine(fontSize) * 0.92));
    if (lines <= maxLines && lines * fontSize * lineHeight <= height) return { fontSize, text: headline };
  }
  const fontSize = steps[steps.length - 1] ?? 44;
  const lines = Math.max(1, Math.min(maxLines, Math.floor(height / (fontSize * lineHeight))));
  return { fontSize, text: trimOnWordBoundary(headline, Math.floor(perLine(fontSize) * lines * 0.92) - 2) };
}

/** Section and date, each its own box: as one string, the separator's place between Arabic words and digits is up to the bidi algorithm. */
function kicker(text: CardText): CardNode {
  const rtl = text.direction === "rtl";
  // Upper case and letter spacing only mean something in scripts with capitals; spacing would break Arabic's joins.
  const parts = [rtl ? text.section : text.section?.toUpperCase(), text.date].filter((part) => part !== undefined && part !== "");
  const children = parts.flatMap((part, i) => [
    ...(i > 0 ? [el("div", { display: "flex" }, "·")] : []),
    el("div", { display: "flex" }, part),
  ]);
  return el(
    "div",
    {
      display: "flex",
      alignItems: "baseline",
      gap: 14,
      fontSize: 26,
      fontWeight: 700,
      color: CARD_COLORS.kicker,
      letterSpacing: rtl ? 0 : 1,
    },
    children,
  );
}

/**
 * The kicker, the headline and the footer (byline, site name) in a box of the given size:
 * spread over the box, or, `packed`, stacked at its foot.
 */
function textBlock(
  text: CardText,
  box: { width: number; height: number; maxLines: number; packed?: boolean },
  style: Record<string, unknown> = {},
): CardNode {
  const { width, height, maxLines, packed = false } = box;
  const rtl = text.direction === "rtl";
  const innerWidth = width - 2 * PADDING_X;
  // Kicker, footer and the gaps between take about 130 px; what is left is the headline's.
  const lineHeight = rtl ? RTL_LINE_HEIGHT : LINE_HEIGHT;
  const headline = fitHeadline(text.headline, innerWidth, height - 2 * PADDING_Y - 130, maxLines, lineHeight);
  return el(
    "div",
    {
      display: "flex",
      flexDirection: "column",
      justifyContent: packed ? "flex-end" : "space-between",
      gap: packed ? 22 : 0,
      width,
      // A packed block is as tall as what it holds.
      ...(packed ? {} : { height }),
      padding: `${PADDING_Y}px ${PADDING_X}px`,
      direction: text.direction,
      textAlign: rtl ? "right" : "left",
      ...style,
    },
    [
      kicker(text),
      el(
        "div",
        { display: "block", fontSize: headline.fontSize, fontWeight: 700, lineHeight, color: CARD_COLORS.headline, lineClamp: maxLines },
        headline.text,
      ),
      el("div", { display: "flex", justifyContent: "space-between", alignItems: "flex-end", fontSize: 28, color: CARD_COLORS.byline }, [
        el("div", { display: "flex", maxWidth: innerWidth * 0.62 }, trimOnWordBoundary(text.byline, 60)),
        el("div", { display: "flex", fontWeight: 700, color: CARD_COLORS.siteName }, trimOnWordBoundary(text.siteName, 40)),
      ]),
    ],
  );
}

const rgba = (hex: string, alpha: number) => `rgba(${rgbOf(hex).join(", ")}, ${alpha})`;

/**
 * A card's element tree and where the photo goes (undefined: no photo). Where the photo goes
 * the tree draws nothing, so resvg leaves it transparent and the photo is drawn under it.
 */
export function cardTree(text: CardText, layout: CardLayout, frame: CardFrame): { tree: CardNode; photo?: PhotoRect } {
  const { width, height } = CARD_FRAMES[frame];
  const root = (children: CardNode[], style: Record<string, unknown> = {}) =>
    el("div", { display: "flex", width, height, fontFamily: CARD_FONT_FAMILY, direction: text.direction, ...style }, children);
  const background = { background: CARD_COLORS.background };
  const wide = width / height > 1.5;

  if (layout === "text") return { tree: root([textBlock(text, { width, height, maxLines: 4 })], background) };

  if (layout === "photo-full") {
    const scrim = el("div", {
      display: "flex",
      width,
      height: 140,
      backgroundImage: `linear-gradient(to bottom, ${rgba(CARD_COLORS.background, 0)}, ${rgba(CARD_COLORS.background, PANEL_OPACITY)})`,
    });
    // The panel holds up to three lines of headline; the photo shows above it.
    const panelHeight = wide ? 400 : Math.round(height * 0.45);
    const panel = textBlock(
      text,
      { width, height: panelHeight, maxLines: 3, packed: true },
      { background: rgba(CARD_COLORS.background, PANEL_OPACITY), paddingTop: 12 },
    );
    return {
      tree: root([el("div", { display: "flex", flexDirection: "column", justifyContent: "flex-end", width, height }, [scrim, panel])]),
      photo: { x: 0, y: 0, width, height },
    };
  }

  // photo-beside: after the text in reading order on wide frames, above it on tall ones.
  if (wide) {
    const photoWidth = 480;
    const textWidth = width - photoWidth;
    const gap = el("div", { display: "flex", width: photoWidth, height });
    return {
      tree: root([textBlock(text, { width: textWidth, height, maxLines: 4 }, background), gap]),
      photo: { x: text.direction === "rtl" ? 0 : textWidth, y: 0, width: photoWidth, height },
    };
  }
  const textHeight = frame === "1x1" ? 540 : 420;
  const photoHeight = height - textHeight;
  return {
    tree: root(
      [el("div", { display: "flex", width, height: photoHeight }), textBlock(text, { width, height: textHeight, maxLines: 3 }, background)],
      {
        flexDirection: "column",
      },
    ),
    photo: { x: 0, y: 0, width, height: photoHeight },
  };
}
