/**
 * Deterministic articles for the benchmark: article `i` is always the same PUT body, shaped like
 * the publisher's own (5–8 KB of HTML in paragraphs with links, emphasis, the odd subheading
 * and quote, the leaked Elfsight shortcode in a third of them), by one of 50 authors, in one of
 * 20 categories, with a lead image on every other article. Newest first: article 0 is the latest.
 */
import { slugFromName } from "../src/articles/slug.ts";

export const LEAD_IMAGE_HOST = "images.bench.test";

const FIRST_NAMES = ["Lauren", "Omar", "Grace", "Daniel", "Amira", "Lucas", "Hannah", "Samuel", "Leila", "Marcus"];
const LAST_NAMES = ["Moye", "Haddad", "Okafor", "Lindqvist", "Reyes"];
/** 10 × 5 = 50 authors. */
const AUTHORS = FIRST_NAMES.flatMap((first) => LAST_NAMES.map((last) => `${first} ${last}`));

const CATEGORIES = [
  "World",
  "Politics",
  "Business",
  "Technology",
  "Science",
  "Health",
  "Sports",
  "Culture",
  "Opinion",
  "Middle East",
  "Europe",
  "Asia",
  "Africa",
  "Americas",
  "Climate",
  "Education",
  "Religion",
  "Media",
  "Security",
  "Economy",
];

const TAGS = [
  "Elections",
  "Iraq",
  "Baghdad",
  "Energy",
  "Markets",
  "Courts",
  "Diplomacy",
  "Drones",
  "Inflation",
  "Trade",
  "Vaccines",
  "Schools",
  "Wildfires",
  "Floods",
  "Football",
  "Space",
  "AI",
  "Housing",
  "Refugees",
  "Parliament",
];

const WORDS = (
  "government officials said on tuesday that the attack had been carried out by a small group of armed men " +
  "prime minister residence capital security forces investigation statement spokesman ministry interior " +
  "election results parliament coalition opposition protest demonstrators police military operation region " +
  "economy inflation prices markets investors central bank interest rates growth forecast quarter report " +
  "hospital doctors patients health workers outbreak vaccine campaign rural communities families children " +
  "court ruling judge appeal lawyers evidence trial witness testimony verdict sentence prison release " +
  "climate drought rainfall harvest farmers water supply infrastructure bridge roads reconstruction funding " +
  "international partners embassy ambassador talks negotiations ceasefire agreement border crossing aid convoy"
).split(" ");

/** A small, fast PRNG (mulberry32): the same seed, the same numbers, so every run writes and asks for the same things. */
export function seededRandom(seed = 1): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function sentence(rnd: () => number, minWords: number, maxWords: number): string {
  const n = minWords + Math.floor(rnd() * (maxWords - minWords + 1));
  const words = Array.from({ length: n }, () => WORDS[Math.floor(rnd() * WORDS.length)]!);
  const text = words.join(" ");
  return `${text[0]!.toUpperCase()}${text.slice(1)}.`;
}

function paragraph(rnd: () => number, i: number): string {
  const sentences = Array.from({ length: 3 + Math.floor(rnd() * 3) }, () => sentence(rnd, 12, 25));
  const roll = rnd();
  if (roll < 0.25) sentences[1] = `<a href="https://www.example.org/reports/${i}-${Math.floor(rnd() * 1000)}">${sentences[1]}</a>`;
  else if (roll < 0.4) sentences[0] = `<strong>${sentences[0]}</strong>`;
  else if (roll < 0.5) sentences[2] = `<em>${sentences[2]}</em>`;
  return `<p>${sentences.join(" ")}</p>`;
}

/** Published every 47 minutes back from this instant: 10,000 articles span about 11 months. */
const NEWEST = Date.parse("2026-11-01T12:00:00Z");

export function generatedSlug(i: number): string {
  return `${slugFromName(generatedTitle(i)).slice(0, 100).replace(/-+$/, "")}-${i}`;
}

function generatedTitle(i: number): string {
  const rnd = seededRandom(i * 7919 + 1);
  return sentence(rnd, 8, 14).slice(0, -1);
}

/** The PUT body of generated article `i`, as the admin API takes it. */
export function generatedArticle(i: number): Record<string, unknown> {
  const rnd = seededRandom(i * 104729 + 3);
  const target = 5000 + Math.floor(rnd() * 3000);
  const parts: string[] = [];
  if (i % 3 === 0) parts.push("<p>[elfsight_social_share_buttons id=\u201d1\u2033]</p>");
  let bytes = 0;
  while (bytes < target) {
    const roll = rnd();
    const part =
      roll < 0.08
        ? `<h2>${sentence(rnd, 4, 8).slice(0, -1)}</h2>`
        : roll < 0.14
          ? `<blockquote><p>${sentence(rnd, 10, 20)}</p></blockquote>`
          : paragraph(rnd, i);
    parts.push(part);
    bytes += part.length;
  }
  const authors = [AUTHORS[i % AUTHORS.length]!];
  if (i % 10 === 0) authors.push(AUTHORS[(i * 7 + 3) % AUTHORS.length]!);
  const tags = Array.from({ length: 2 + (i % 3) }, (_, k) => TAGS[(i * 3 + k * 7) % TAGS.length]!);
  return {
    title: generatedTitle(i),
    dek: sentence(rnd, 15, 25),
    bodyHtml: parts.join("\n"),
    authors,
    section: CATEGORIES[i % CATEGORIES.length],
    tags: [...new Set(tags)],
    leadImage:
      i % 2 === 0
        ? { url: `https://${LEAD_IMAGE_HOST}/photos/${i}.jpg`, alt: "Street scene in the capital", width: 1200, height: 800 }
        : null,
    publishedAt: new Date(NEWEST - i * 47 * 60_000).toISOString(),
  };
}
