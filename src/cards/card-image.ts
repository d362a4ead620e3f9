// The shim must be evaluated before satori, which starts its text shaper as it loads; satori
// itself is imported on the first card (below), so this order cannot be lost.
import "./harfbuzz-shim";
import { initWasm, Resvg } from "@resvg/resvg-wasm";
import resvgWasm from "@resvg/resvg-wasm/index_bg.wasm";
import layoutWasm from "satori/layout.wasm";
import { CARD_FRAMES, CARD_MAX_BYTES, type CardFormat, type CardFrame, type CardLayout } from "./card-design";
import { type CardText, cardTree } from "./card-layout";
import { encodeJpeg, encodePng } from "./encode";
import { CARD_FONTS, LATIN_FONTS } from "./fonts";
import { drawPhotoUnder, type Photo } from "./photo";

export interface CardRequest {
  text: CardText;
  layout: CardLayout;
  frame: CardFrame;
  /** Decided before drawing (the page declares it in og:image:type), not by what the drawing turned out to be. */
  format: CardFormat;
  /** The decoded lead photo; without one, the text layout is drawn. */
  photo?: Photo;
}

export interface RenderedCard {
  bytes: Uint8Array;
  type: CardFormat;
  width: number;
  height: number;
}

type Satori = typeof import("satori/standalone").default;

let ready: Promise<Satori> | undefined;

/**
 * satori, its layout engine and resvg, started on the first card an isolate draws rather than
 * as it starts: satori's evaluation starts harfbuzz, work an isolate serving only feeds and
 * pages never needs. Every wasm module is imported compiled: workerd forbids compiling from bytes.
 */
function renderersOnce(): Promise<Satori> {
  ready ??= (async () => {
    const { default: satori, init } = await import("satori/standalone");
    await Promise.all([init(layoutWasm), initWasm(resvgWasm)]);
    return satori;
  })();
  return ready;
}

/**
 * One card, drawn once: satori lays the text out (shaped by harfbuzz) as SVG, resvg turns it
 * into pixels, the photo is drawn under them, and the pixels are encoded as asked (drawn
 * again, without the photo, only in the rare case a photo keeps the card over 300 KB). If a
 * bundled font ever trips satori's font parser (0.32 rejected Noto Sans Arabic), the card is
 * drawn with the Latin fonts alone, other scripts' letters as empty boxes, rather than failing.
 */
export async function renderCard(request: CardRequest): Promise<RenderedCard> {
  const satori = await renderersOnce();
  const { width, height } = CARD_FRAMES[request.frame];
  const { tree, photo: rect } = cardTree(request.text, request.photo ? request.layout : "text", request.frame);
  let svg: string;
  try {
    svg = await satori(tree as never, { width, height, fonts: CARD_FONTS });
  } catch (err) {
    console.error("card: rendering with every font failed, retrying with Latin only", err);
    svg = await satori(tree as never, { width, height, fonts: LATIN_FONTS });
  }
  const resvg = new Resvg(svg, { fitTo: { mode: "width", value: width } });
  let pixels: Uint8Array;
  try {
    const image = resvg.render();
    pixels = image.pixels;
    image.free();
  } finally {
    resvg.free();
  }
  if (rect && request.photo) drawPhotoUnder(pixels, width, request.photo, rect);
  const bytes = request.format === "image/jpeg" ? await encodeJpeg(pixels, width, height) : encodePng(pixels, width, height);
  if (bytes.byteLength > CARD_MAX_BYTES && request.photo) {
    // Only a photo of near-noise stays over 300 KB at the lowest JPEG quality: the text card instead.
    console.error(`card: ${bytes.byteLength} bytes with the photo at every quality; drawing the text card`);
    return renderCard({ ...request, photo: undefined });
  }
  return { bytes, type: request.format, width, height };
}
