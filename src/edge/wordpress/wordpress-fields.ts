import { type ChildNode, isTag, isText } from "domhandler";
import { parseDocument } from "htmlparser2";
import { isSlug } from "../../articles/slug.ts";
import { trimOnWordBoundary } from "../../articles/summary.ts";

// What the WXR import and the REST sync both read from a WordPress post. Relative imports with
// their extension and npm packages only: the import CLI loads this file in Node as it is.

/** Elements whose edges separate words in plain text. */
const BLOCK_ELEMENTS = new Set([
  "p",
  "div",
  "br",
  "li",
  "ul",
  "ol",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "blockquote",
  "figure",
  "figcaption",
]);

/** Elements whose text is not prose. */
const NON_TEXT_ELEMENTS = new Set(["script", "style", "template"]);

/**
 * WordPress HTML as one line of plain text: parsed by htmlparser2 (so entities are decoded
 * exactly once: `&amp;#8217;` stays the literal text `&#8217;`), tags dropped, block edges kept
 * as spaces, whitespace collapsed.
 */
export function renderedToText(html: string): string {
  const parts: string[] = [];
  const visit = (nodes: ChildNode[]) => {
    for (const node of nodes) {
      if (isText(node)) parts.push(node.data);
      else if (isTag(node) && !NON_TEXT_ELEMENTS.has(node.name)) {
        const block = BLOCK_ELEMENTS.has(node.name);
        if (block) parts.push(" ");
        visit(node.children);
        if (block) parts.push(" ");
      }
    }
  };
  visit(parseDocument(html).children);
  return parts.join("").replace(/\s+/g, " ").trim();
}

/** WordPress's default "read more" marker at the end of a generated excerpt. */
const EXCERPT_MORE = /\s*\[(?:…|\.\.\.)\]$/;
/** The longest dek the admin API accepts (ArticlePutSchema). */
const MAX_DEK_CHARS = 1000;

/** The excerpt as the article's dek: plain text, cut on a word boundary to fit, null when empty. */
export function dekFromExcerpt(excerptHtml: string): string | null {
  const dek = trimOnWordBoundary(renderedToText(excerptHtml).replace(EXCERPT_MORE, ""), MAX_DEK_CHARS);
  return dek === "" ? null : dek;
}

/**
 * WordPress percent-encodes non-ASCII slugs in lower-case hex ("%d7%97%d7%93%d7%a9%d7%95%d7%aa",
 * in WXR's wp:post_name and the REST API's slug alike): decoded, and in NFC as Herald keeps
 * slugs, so the article keeps its WordPress slug; undefined when the encoding is broken.
 */
export function decodeSlug(raw: string): string | undefined {
  try {
    return decodeURIComponent(raw.trim()).normalize("NFC");
  } catch {
    return undefined;
  }
}

/** A WordPress slug when it is a valid Herald slug as it stands; otherwise Herald derives one from the name. */
export function validSlug(raw: string | undefined): string | undefined {
  const slug = raw === undefined ? undefined : decodeSlug(raw);
  return slug !== undefined && isSlug(slug) ? slug : undefined;
}
