import render from "dom-serializer";
import { Parser, parseDocument } from "htmlparser2";
import { sanitizeArticleHtml } from "./sanitize";
import { type Byline, paragraphsToHtml, parseScrapedText } from "./scraped-text";
import { replaceShareShortcodes } from "./shortcodes";
import { portableText } from "./text-characters";

/**
 * How deep a body's elements may nest. dom-serializer (and every other tree walk over a body:
 * summaries, feed content) recurses once per level and overflowed the stack in workerd at about
 * 3,000 levels; htmlparser2 and sanitize-html grow their open-element stacks with unshift, so
 * 80,000 unclosed `<b>` cost seconds of CPU. Real articles nest a few levels (a list in a
 * blockquote in a table is six or seven); Chromium's own HTML parser stops nesting at 512.
 * 256 leaves the page's and feeds' wrappers far inside what every renderer handles.
 */
export const MAX_NESTING_DEPTH = 256;

const TOO_DEEP = Symbol("nested too deep");

/**
 * True when `html`, read by the same parser the sanitiser uses (implied and void closings
 * included), opens more than `limit` elements inside each other. Stops at the first element
 * past the limit, so a hostile body costs no more than a legal one.
 */
function nestsDeeperThan(html: string, limit: number): boolean {
  let depth = 0;
  const parser = new Parser({
    onopentag() {
      depth++;
      if (depth > limit) throw TOO_DEEP;
    },
    onclosetag() {
      depth--;
    },
  });
  try {
    parser.end(html);
  } catch (err) {
    if (err === TOO_DEEP) return true;
    throw err;
  }
  return false;
}

export type BodyInput = { html: string } | { text: string };

export interface PreparedBody {
  /** Sanitised HTML, absolute URLs, share placeholders where shortcodes stood. */
  html: string;
  /** Byline found on the first line of scraped text. */
  byline?: Byline;
  /** Comment-form residue removed from the end of scraped text. */
  removedResidue: string[];
  /** How many Elfsight shortcodes became share placeholders. */
  sharePlaceholders: number;
  warnings: string[];
}

/** A prepared body, or why it cannot be stored (one sentence, for the body's field). */
export type BodyResult = ({ ok: true } & PreparedBody) | { ok: false; problem: string };

const NESTING_PROBLEM = `is nested more than ${MAX_NESTING_DEPTH} elements deep; the limit is ${MAX_NESTING_DEPTH}`;

/**
 * The pure ingest pipeline for a body: parse (scraped text or HTML) → sanitise (allow-list,
 * absolute URLs against `baseUrl`) → Elfsight shortcodes to share placeholders → only
 * characters every output carries.
 */
export function prepareBody(
  input: BodyInput,
  options: { baseUrl: string /** Names a scraped byline may end with ("FISM NEWS"). */; publications: string[] },
): BodyResult {
  let html: string;
  let byline: Byline | undefined;
  let removedResidue: string[] = [];
  if ("text" in input) {
    const scraped = parseScrapedText(input.text, options.publications);
    html = paragraphsToHtml(scraped.paragraphs);
    byline = scraped.byline;
    removedResidue = scraped.removedResidue;
  } else {
    html = input.html;
  }

  // Checked on the HTML as sent (before the sanitiser's parser pays for the depth) and on what
  // would be stored (no input was found that nests deeper once sanitised, but the store's
  // promise to every renderer is about the stored body).
  if (nestsDeeperThan(html, MAX_NESTING_DEPTH)) return { ok: false, problem: NESTING_PROBLEM };
  const sanitized = sanitizeArticleHtml(html, options.baseUrl);
  if (nestsDeeperThan(sanitized, MAX_NESTING_DEPTH)) return { ok: false, problem: NESTING_PROBLEM };
  const document = parseDocument(sanitized);
  const shortcodes = replaceShareShortcodes(document);
  const warnings = [...shortcodes.warnings];
  if (byline)
    warnings.push(`read the first line as the byline: ${byline.authors.join(", ")}${byline.publication ? `, ${byline.publication}` : ""}`);
  if (removedResidue.length > 0) {
    warnings.push(`removed comment-form residue: ${removedResidue.map((p) => JSON.stringify(p)).join(", ")}`);
  }
  return {
    ok: true,
    // Character references decode to characters too (`&#65534;` is U+FFFE, which XML forbids and
    // the feeds dropped), so the serialised body goes through the same filter as the input.
    html: portableText(render(document, { encodeEntities: "utf8" })).trim(),
    byline,
    removedResidue,
    sharePlaceholders: shortcodes.replaced,
    warnings,
  };
}
