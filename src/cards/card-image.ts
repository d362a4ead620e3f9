import { initWasm, Resvg } from "@resvg/resvg-wasm";
import resvgWasm from "@resvg/resvg-wasm/index_bg.wasm";
import satori, { init as initSatori } from "satori/standalone";
import yogaWasm from "satori/yoga.wasm";
import { trimOnWordBoundary } from "../articles/summary";
import { CARD_FONT_FAMILY, CARD_FONTS, LATIN_FONTS } from "./fonts";

export const CARD_WIDTH = 1200;
export const CARD_HEIGHT = 630;
/** WhatsApp ignores preview images over 300 KB. */
export const CARD_MAX_BYTES = 300 * 1024;
export const CARD_BACKGROUND = "#14213d";

/** What a card shows: plain text, already formatted. */
export interface CardContent {
  headline: string;
  /** "By Lauren Moye", or the site's description on the default card. */
  byline: string;
  siteName: string;
  section?: string;
  /** "November 7, 2021" */
  date?: string;
  /** The lead image as a data: URL (PNG or JPEG), already fetched and checked. */
  imageDataUrl?: string;
}

let wasmReady: Promise<void> | undefined;

/** Both wasm modules are imported as compiled modules: workerd forbids compiling from bytes. */
function initWasmOnce(): Promise<void> {
  wasmReady ??= Promise.all([initSatori(yogaWasm), initWasm(resvgWasm)]).then(() => undefined);
  return wasmReady;
}

/** Longer headlines get a smaller size and are cut on a word boundary to fit four lines. */
export function headlineLayout(headline: string, withImage: boolean): { fontSize: number; text: string } {
  const width = withImage ? 640 : 1040;
  const steps = [76, 64, 56, 48];
  for (const fontSize of steps) {
    // Noto Sans Bold averages about 0.56 em per character.
    const perLine = Math.floor(width / (fontSize * 0.56));
    if (headline.length <= perLine * 3) return { fontSize, text: headline };
  }
  const fontSize = steps[steps.length - 1] ?? 48;
  const perLine = Math.floor(width / (fontSize * 0.56));
  return { fontSize, text: trimOnWordBoundary(headline, perLine * 4 - 4) };
}

type Node = { type: string; props: Record<string, unknown> };
const el = (type: string, style: Record<string, unknown>, children?: unknown, extra: Record<string, unknown> = {}): Node => ({
  type,
  props: { style, children, ...extra },
});

function cardTree(content: CardContent): Node {
  const withImage = content.imageDataUrl !== undefined;
  const { fontSize, text } = headlineLayout(content.headline, withImage);
  const kicker = [content.section?.toUpperCase(), content.date].filter(Boolean).join("  ·  ");
  const textColumn = el(
    "div",
    {
      display: "flex",
      flexDirection: "column",
      justifyContent: "space-between",
      width: withImage ? 720 : CARD_WIDTH,
      height: CARD_HEIGHT,
      padding: "56px 64px",
    },
    [
      el("div", { display: "flex", fontSize: 26, fontWeight: 700, color: "#fca311", letterSpacing: 1 }, kicker),
      // lineClamp is the backstop for headlines wider than the estimate in headlineLayout.
      el("div", { display: "block", fontSize, fontWeight: 700, lineHeight: 1.12, color: "#ffffff", lineClamp: 4 }, text),
      el("div", { display: "flex", justifyContent: "space-between", alignItems: "flex-end", fontSize: 28, color: "#e5e5e5" }, [
        el("div", { display: "flex", maxWidth: withImage ? 420 : 760 }, trimOnWordBoundary(content.byline, 60)),
        el("div", { display: "flex", fontWeight: 700, color: "#ffffff" }, trimOnWordBoundary(content.siteName, 40)),
      ]),
    ],
  );
  const children = withImage
    ? [
        textColumn,
        el("img", { width: 480, height: CARD_HEIGHT, objectFit: "cover" }, undefined, {
          src: content.imageDataUrl,
          width: 480,
          height: CARD_HEIGHT,
        }),
      ]
    : [textColumn];
  return el(
    "div",
    { display: "flex", width: CARD_WIDTH, height: CARD_HEIGHT, background: CARD_BACKGROUND, fontFamily: CARD_FONT_FAMILY },
    children,
  );
}

/**
 * A 1200×630 PNG of the card. If a script's font trips the font parser, the card is drawn
 * again with the Latin fonts alone (those glyphs are left out) rather than failing. Throws
 * only if that fails too; callers then serve the default card.
 */
export async function renderCardPng(content: CardContent): Promise<Uint8Array> {
  await initWasmOnce();
  let svg: string;
  try {
    svg = await satori(cardTree(content) as never, { width: CARD_WIDTH, height: CARD_HEIGHT, fonts: CARD_FONTS });
  } catch (err) {
    console.error("card: rendering with every font failed, retrying with Latin only", err);
    svg = await satori(cardTree(content) as never, { width: CARD_WIDTH, height: CARD_HEIGHT, fonts: LATIN_FONTS });
  }
  const resvg = new Resvg(svg, { fitTo: { mode: "width", value: CARD_WIDTH } });
  try {
    return resvg.render().asPng();
  } finally {
    resvg.free();
  }
}
