/**
 * `npm run cards:samples`' worker inside workerd, never deployed: draws each sample card with
 * Herald's real renderer (the same code a card URL runs) so the README can show them.
 *
 * - `GET /samples`: the sample names and their file names.
 * - `GET /samples/<name>`: that card's bytes, `Content-Type` image/png or image/jpeg.
 */

import { cardText } from "../src/cards/card-content";
import { CARD_EXTENSIONS, type CardFormat, type CardFrame, type CardLayout } from "../src/cards/card-design";
import { type CardRequest, renderCard } from "../src/cards/card-image";
import type { CardText } from "../src/cards/card-layout";
import { decodePhoto } from "../src/cards/photo";

interface Env {
  /** bench/fixtures/lead-image.jpg: a real 1200×800 news photo. */
  PHOTO: ArrayBuffer;
}

/** The text as an article's card would show it (emoji and undrawable scripts handled the same way). */
const text = (headline: string, byline: string, section: string, date: string, siteName = "FISM News"): CardText =>
  cardText({ headline, byline, section, date, siteName, fallbackName: "fismnews.example" });

const SEED = text("Iraqi prime minister survives drone attack on his Baghdad residence", "By Lauren Moye", "World", "November 7, 2021");
const ARABIC = text(
  "رئيس الوزراء العراقي ينجو من هجوم بطائرة مسيرة على مقر إقامته في بغداد",
  "بقلم لورين موي",
  "العالم",
  "٧ نوفمبر ٢٠٢١",
  "أخبار فيسم",
);
const HEBREW = text(
  "ראש ממשלת עיראק שרד מתקפת רחפנים: 3 רחפנים, CNN ו-Reuters מדווחים על 6 פצועים",
  "מאת לורן מוי",
  "עולם",
  "7 בנובמבר 2021",
);
const LONG = text(
  "Iraqi prime minister survives an assassination attempt by three armed drones on his residence in Baghdad's Green Zone as tension over the disputed October general election results grows and Iranian-backed parties reject the count",
  "By Lauren Moye and Jane Roe",
  "World",
  "November 7, 2021",
);
const MIXED_ARABIC = text("قمة مجموعة G20 في روما 2021: الاتفاق على ضريبة 15% للشركات", "بقلم جين رو", "اقتصاد", "31 أكتوبر 2021");

interface Sample {
  name: string;
  card: CardText;
  layout: CardLayout;
  frame: CardFrame;
  photo: boolean;
}

const sample = (name: string, card: CardText, layout: CardLayout, frame: CardFrame = "og", photo = layout !== "text"): Sample => ({
  name,
  card,
  layout,
  frame,
  photo,
});

const SAMPLES: Sample[] = [
  sample("latin-photo-beside", SEED, "photo-beside"),
  sample("latin-photo-full", SEED, "photo-full"),
  sample("latin-text", SEED, "text"),
  sample("arabic-photo-beside", ARABIC, "photo-beside"),
  sample("arabic-text", ARABIC, "text"),
  sample("arabic-latin-numbers", MIXED_ARABIC, "text"),
  sample("hebrew-latin-numbers-photo-full", HEBREW, "photo-full"),
  sample("hebrew-latin-numbers-text", HEBREW, "text"),
  sample("long-headline-photo-beside", LONG, "photo-beside"),
  sample("long-headline-text", LONG, "text"),
  sample(
    "cyrillic-greek-devanagari",
    text("Выборы в Ираке · Εκλογές στο Ιράκ · इराक में चुनाव", "By Jane Roe", "World", "October 10, 2021"),
    "text",
  ),
  sample("cjk", text("伊拉克总理在无人机袭击中幸免于难", "By Lauren Moye", "World", "November 7, 2021"), "text"),
  sample("no-photo-beside", SEED, "photo-beside", "og", false),
  sample("emoji", text("Fans celebrate 🎉🇮🇶 as Iraq qualifies for the World Cup ⚽", "By Jane Roe", "Sport", "March 31, 2026"), "text"),
  ...(["16x9", "4x3", "1x1"] as const).flatMap((frame) => [
    sample(`frame-${frame}-photo-beside`, SEED, "photo-beside", frame),
    sample(`frame-${frame}-photo-full`, SEED, "photo-full", frame),
    sample(`frame-${frame}-text`, SEED, "text", frame),
  ]),
];

const formatOf = (s: Sample): CardFormat => (s.photo ? "image/jpeg" : "image/png");

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const path = new URL(request.url).pathname;
    if (path === "/samples")
      return Response.json(SAMPLES.map((s) => ({ name: s.name, file: `${s.name}.${CARD_EXTENSIONS[formatOf(s)]}` })));
    const found = SAMPLES.find((s) => path === `/samples/${s.name}`);
    if (!found) return new Response("no such sample", { status: 404 });
    const card: CardRequest = { text: found.card, layout: found.layout, frame: found.frame, format: formatOf(found) };
    if (found.photo) card.photo = await decodePhoto(new Uint8Array(env.PHOTO), "image/jpeg");
    const rendered = await renderCard(card);
    return new Response(rendered.bytes, { headers: { "Content-Type": rendered.type } });
  },
};
