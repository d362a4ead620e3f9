import render from "dom-serializer";
import { Element, Text } from "domhandler";

/**
 * Phrases of WordPress's comment form that scrapers pick up after the article. A trailing
 * run of paragraphs made only of these is residue, not content, provided it contains one of
 * the anchors below (a last paragraph that is just "Email" is left alone).
 */
const COMMENT_FORM_PHRASES = [
  "leave a reply",
  "leave a comment",
  "cancel reply",
  "your email address will not be published.",
  "your email address will not be published",
  "required fields are marked",
  "save my name, email, and website in this browser for the next time i comment.",
  "post comment",
  "comment",
  "name",
  "email",
  "website",
  "δ",
  "*",
];
const normalise = (text: string) => text.replace(/\s+/g, " ").trim().toLowerCase();

const COMMENT_FORM_ANCHORS = ["leave a reply", "leave a comment", "your email address will not be published", "post comment"];

export interface Byline {
  authors: string[];
  publication: string;
}

export interface ScrapedText {
  byline?: Byline;
  paragraphs: string[];
  /** Trailing paragraphs removed as comment-form residue, as they were. */
  removedResidue: string[];
}

function isCommentFormResidue(paragraph: string): boolean {
  let rest = normalise(paragraph);
  if (rest === "") return false;
  // Strip known phrases from the front until nothing (residue) or something else (content) is left.
  for (let progress = true; progress && rest !== ""; ) {
    progress = false;
    for (const phrase of COMMENT_FORM_PHRASES) {
      if (rest === phrase || rest.startsWith(`${phrase} `)) {
        rest = rest.slice(phrase.length).trim();
        progress = true;
        break;
      }
    }
  }
  return rest === "";
}

/**
 * "Lauren Moye, FISM NEWS" (the part after the last comma is one of `publications`) or
 * "By Jane Roe and John Doe[, Anything]". Anything else, such as a dateline "Baghdad, Iraq"
 * or "Photo by John Doe, Reuters", is not a byline.
 */
export function parseByline(line: string, publications: string[]): Byline | undefined {
  const text = line.replace(/\s+/g, " ").trim();
  if (text.length > 160) return undefined;
  const startsWithBy = /^by\s/i.test(text);
  const comma = text.lastIndexOf(",");
  const names = (comma > 0 ? text.slice(0, comma) : text).replace(/^by\s+/i, "").trim();
  const publication = comma > 0 ? text.slice(comma + 1).trim() : "";
  const knownPublication = publications.some((name) => normalise(name) === normalise(publication));
  if (!knownPublication && !startsWithBy) return undefined;
  const authors = names
    .split(/\s*,\s*|\s+(?:and|&)\s+/i)
    .map((name) => name.trim())
    .filter(Boolean);
  // A name is a few capitalised words, not a clause.
  const looksLikeName = (name: string) => /^\p{Lu}[\p{L}'’.-]*( [\p{L}'’.-]+){0,4}$/u.test(name);
  if (authors.length === 0 || !authors.every(looksLikeName)) return undefined;
  return { authors, publication };
}

/**
 * Parses text scraped from a rendered article page: an optional byline as the first line,
 * blank-line-separated paragraphs, and WordPress comment-form residue at the end. Typographic
 * characters are kept exactly as they are.
 */
export function parseScrapedText(text: string, publications: string[]): ScrapedText {
  const blocks = text
    .replace(/\r\n?/g, "\n")
    .split(/\n[ \t\u00a0]*\n/)
    .map((block) => block.trim())
    .filter((block) => block !== "");

  let byline: Byline | undefined;
  const first = blocks[0];
  if (first !== undefined && !first.includes("\n")) {
    byline = parseByline(first, publications);
    if (byline) blocks.shift();
  }

  let residueStart = blocks.length;
  while (residueStart > 0 && isCommentFormResidue(blocks[residueStart - 1] ?? "")) residueStart--;
  const tail = blocks.slice(residueStart);
  const anchored = tail.some((block) => COMMENT_FORM_ANCHORS.some((anchor) => normalise(block).includes(anchor)));
  const removedResidue = anchored ? blocks.splice(residueStart) : [];
  return { byline, paragraphs: blocks, removedResidue };
}

/** Paragraphs as HTML: one <p> each, line breaks inside a paragraph kept as <br>, text escaped. */
export function paragraphsToHtml(paragraphs: string[]): string {
  const elements = paragraphs.map((paragraph) => {
    const children = paragraph.split("\n").flatMap((line, index) => {
      const text = new Text(line.trim());
      return index === 0 ? [text] : [new Element("br", {}), text];
    });
    return new Element("p", {}, children);
  });
  return render(elements, { encodeEntities: "utf8" });
}
