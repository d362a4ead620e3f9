import { Element, Text } from "domhandler";
import render from "dom-serializer";

/**
 * Phrases of WordPress's comment form that scrapers pick up after the article. A trailing
 * paragraph made only of these is residue, not content.
 */
const COMMENT_FORM_PHRASES = [
  "leave a reply",
  "leave a comment",
  "cancel reply",
  "your email address will not be published.",
  "your email address will not be published",
  "required fields are marked *",
  "required fields are marked",
  "save my name, email, and website in this browser for the next time i comment.",
  "post comment",
  "comment *",
  "comment",
  "name *",
  "name",
  "email *",
  "email",
  "website",
  "δ",
  "*",
];

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
  let rest = paragraph.toLowerCase().replace(/\s+/g, " ").trim();
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
 * "Lauren Moye, FISM NEWS" or "By Jane Roe and John Doe, FISM News": one short line, names
 * before the last comma, the publication after it. Sentences (ending in . ! ?) are not bylines.
 */
export function parseByline(line: string): Byline | undefined {
  const text = line.replace(/\s+/g, " ").trim();
  if (text.length > 160 || /[.!?"“”]$/.test(text)) return undefined;
  const comma = text.lastIndexOf(",");
  if (comma <= 0) return undefined;
  const names = text.slice(0, comma).replace(/^by\s+/i, "").trim();
  const publication = text.slice(comma + 1).trim();
  // A publication's name is a few capitalised words ("FISM NEWS", "The Daily Star").
  const looksLikePublication = /^[\p{Lu}\d][\p{L}\d'’&.-]*(?: (?:of|the|and|for|[\p{Lu}\d][\p{L}\d'’&.-]*)){0,5}$/u;
  if (!names || !looksLikePublication.test(publication)) return undefined;
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
export function parseScrapedText(text: string): ScrapedText {
  const blocks = text
    .replace(/\r\n?/g, "\n")
    .split(/\n[ \t\u00a0]*\n/)
    .map((block) => block.trim())
    .filter((block) => block !== "");

  let byline: Byline | undefined;
  const first = blocks[0];
  if (first !== undefined && !first.includes("\n")) {
    byline = parseByline(first);
    if (byline) blocks.shift();
  }

  const removedResidue: string[] = [];
  while (blocks.length > 0 && isCommentFormResidue(blocks[blocks.length - 1] ?? "")) {
    removedResidue.unshift(blocks.pop() ?? "");
  }
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
