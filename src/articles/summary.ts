import { type ChildNode, isTag, isText } from "domhandler";
import { findAll, textContent } from "domutils";
import { parseDocument } from "htmlparser2";
// With its extension: the import CLI loads this file in Node (through edge/wordpress/wordpress-fields.ts).
import type { Article } from "./model.ts";

/** Longest description a meta tag or a share carries, in characters, trimmed on a word boundary. */
export const DESCRIPTION_MAX_CHARS = 200;

const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/**
 * The longest start of `text` within `maxUnits` UTF-16 code units that ends between graphemes.
 * A plain slice could end inside a surrogate pair: the lone half went out as U+FFFD in the
 * page's description, and made encodeURIComponent throw in the email share link (a 500).
 */
function graphemePrefix(text: string, maxUnits: number): string {
  // Below U+0300 no character joins the one before it or is half of a pair: where the cut
  // falls among such characters a slice is exact. Segmenting is the slow path (ICU reads its
  // whole input: 1 ms for an article's text, 2 ms a cache-miss feed of 50 items), so only the
  // window around the cut is segmented.
  if (/^[ -\u02ff]*$/.test(text.slice(Math.max(0, maxUnits - 16), maxUnits + 16))) return text.slice(0, maxUnits);
  let end = 0;
  for (const { index, segment } of graphemes.segment(text.slice(0, maxUnits + 16))) {
    if (index + segment.length > maxUnits) break;
    end = index + segment.length;
  }
  return text.slice(0, end);
}

/** Cut `text` to at most `maxChars` on a word boundary (never inside a character), adding an ellipsis when cut. */
export function trimOnWordBoundary(text: string, maxChars: number): string {
  const clean = text.replace(/\s+/g, " ").trim();
  if (clean.length <= maxChars) return clean;
  const cut = graphemePrefix(clean, maxChars - 1);
  const lastSpace = cut.lastIndexOf(" ");
  return `${(lastSpace > maxChars / 2 ? cut.slice(0, lastSpace) : cut).replace(/[\s,;:.–—-]+$/, "")}…`;
}

/** Text of the body's paragraphs, in order (share placeholders, figures and embeds skipped). */
export function bodyParagraphsText(bodyHtml: string): string[] {
  const document = parseDocument(bodyHtml);
  const paragraphs: string[] = [];
  const visit = (nodes: ChildNode[]) => {
    for (const node of nodes) {
      if (!isTag(node)) continue;
      if (node.name === "p") {
        const text = textContent(node).replace(/\s+/g, " ").trim();
        if (text) paragraphs.push(text);
      } else {
        visit(node.children);
      }
    }
  };
  visit(document.children);
  return paragraphs;
}

/**
 * A plain-text summary: the dek when there is one, otherwise the opening of the body,
 * trimmed on a word boundary to `maxChars`.
 */
export function articleSummary(article: Pick<Article, "dek" | "bodyHtml">, maxChars: number): string {
  if (article.dek) return trimOnWordBoundary(article.dek, maxChars);
  return summaryOfParagraphs(bodyParagraphsText(article.bodyHtml), maxChars);
}

/** The same summary from paragraphs already read out of the body (one parse, several uses). */
export function summaryOfParagraphs(paragraphs: string[], maxChars: number): string {
  let text = "";
  for (const paragraph of paragraphs) {
    text = text ? `${text} ${paragraph}` : paragraph;
    if (text.length >= maxChars) break;
  }
  return trimOnWordBoundary(text, maxChars);
}

/** Elements a sanitised body may hold that run on inside a line; every other one is a block. */
const INLINE_ELEMENTS = new Set([
  "a",
  "abbr",
  "b",
  "cite",
  "code",
  "em",
  "i",
  "kbd",
  "mark",
  "q",
  "s",
  "small",
  "span",
  "strong",
  "sub",
  "sup",
  "time",
  "u",
]);

/** The text of `nodes` with a space at every block's edges ("<li>a</li><li>b</li>" reads "a b"). */
function readableText(nodes: ChildNode[]): string {
  return nodes
    .map((node) => {
      if (isText(node)) return node.data;
      if (!isTag(node)) return "";
      const inner = readableText(node.children);
      return INLINE_ELEMENTS.has(node.name) ? inner : ` ${inner} `;
    })
    .join("");
}

/**
 * The description a page and its previews carry (meta description, og:, twitter:, JSON-LD),
 * never empty: a platform shows nothing, or a stray bit of the page, without one, and a search
 * engine writes its own snippet. In order: the dek; the body's paragraphs; any other text of
 * the body (a photo story's caption, a list); the alt text of its first described image or of
 * the lead image (what the article shows when it is only a picture); else the headline and the
 * site's name, true of this article alone, where the site's description would make every such
 * article's preview the same.
 */
export function articleDescription(
  article: Pick<Article, "title" | "dek" | "bodyHtml" | "leadImage">,
  paragraphs: string[],
  siteName: string,
): string {
  const summary = article.dek
    ? trimOnWordBoundary(article.dek, DESCRIPTION_MAX_CHARS)
    : summaryOfParagraphs(paragraphs, DESCRIPTION_MAX_CHARS);
  if (summary) return summary;
  const document = parseDocument(article.bodyHtml);
  const otherText = trimOnWordBoundary(readableText(document.children), DESCRIPTION_MAX_CHARS);
  if (otherText) return otherText;
  const alts = [
    ...findAll((element) => element.name === "img", document.children).map((img) => img.attribs.alt ?? ""),
    article.leadImage?.alt ?? "",
  ];
  const alt = alts.map((text) => trimOnWordBoundary(text, DESCRIPTION_MAX_CHARS)).find(Boolean);
  return alt ?? `${trimOnWordBoundary(article.title, DESCRIPTION_MAX_CHARS - siteName.length - 3)} – ${siteName}`;
}

/** "Jane Roe", "Jane Roe and Bo Li", "A, B and C", in the site's language. */
export function authorNames(authors: { name: string }[], language: string): string {
  return new Intl.ListFormat(language, { style: "long", type: "conjunction" }).format(authors.map((a) => a.name));
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** "November 7, 2021" in the site's language; dates are shown in UTC, as stored. */
export function formatDate(iso: string, language: string): string {
  let format = dateFormats.get(language);
  if (!format) {
    format = new Intl.DateTimeFormat(language, { dateStyle: "long", timeZone: "UTC" });
    dateFormats.set(language, format);
  }
  return format.format(new Date(iso));
}
