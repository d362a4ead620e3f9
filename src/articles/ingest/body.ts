import render from "dom-serializer";
import { parseDocument } from "htmlparser2";
import { sanitizeArticleHtml } from "./sanitize";
import { type Byline, paragraphsToHtml, parseScrapedText } from "./scraped-text";
import { replaceShareShortcodes } from "./shortcodes";
import { portableText } from "./text-characters";

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

/**
 * The pure ingest pipeline for a body: parse (scraped text or HTML) → sanitise (allow-list,
 * absolute URLs against `baseUrl`) → Elfsight shortcodes to share placeholders → only
 * characters every output carries.
 */
export function prepareBody(
  input: BodyInput,
  options: { baseUrl: string /** Names a scraped byline may end with ("FISM NEWS"). */; publications: string[] },
): PreparedBody {
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

  const document = parseDocument(sanitizeArticleHtml(html, options.baseUrl));
  const shortcodes = replaceShareShortcodes(document);
  const warnings = [...shortcodes.warnings];
  if (byline)
    warnings.push(`read the first line as the byline: ${byline.authors.join(", ")}${byline.publication ? `, ${byline.publication}` : ""}`);
  if (removedResidue.length > 0) {
    warnings.push(`removed comment-form residue: ${removedResidue.map((p) => JSON.stringify(p)).join(", ")}`);
  }
  return {
    // Character references decode to characters too (`&#65534;` is U+FFFE, which XML forbids and
    // the feeds dropped), so the serialised body goes through the same filter as the input.
    html: portableText(render(document, { encodeEntities: "utf8" })).trim(),
    byline,
    removedResidue,
    sharePlaceholders: shortcodes.replaced,
    warnings,
  };
}
