import { Element, Text, isTag, isText, type ChildNode, type Document, type ParentNode } from "domhandler";
import { filter } from "domutils";
import { SHARE_PLACEHOLDER_TAG } from "../../share/placeholder";

/**
 * The Elfsight share-button shortcode in every form it leaked in: straight or typographic
 * quotes, primes, entities (already decoded by the HTML parser, or left double-encoded), no
 * quotes, extra attributes, any case, self-closing. Anything up to the closing bracket is an
 * attribute, so no quoting style can slip past. A closing tag is matched too and dropped.
 */
const ELFSIGHT_SHORTCODE = /\[\s*(\/)?\s*elfsight_social_share_buttons(?=[\s\]\/])[^\]]*\]/gi;

/** `[name ...]` shortcodes that are not Elfsight's: left as text, reported as warnings. */
const ANY_SHORTCODE = /\[\/?([a-z][\w-]*)(\s[^\]]*)?\/?\]/gi;
const WORDPRESS_SHORTCODES = new Set(["caption", "gallery", "embed", "audio", "video", "playlist"]);

/** Skips code samples: a shortcode shown in <code> is content, not a widget. */
const VERBATIM_TAGS = new Set(["code", "pre", "kbd"]);

export interface ShortcodeResult {
  /** How many Elfsight shortcodes became share placeholders. */
  replaced: number;
  /** One line per other shortcode left in the text. */
  warnings: string[];
}

function isInsideVerbatim(node: ChildNode): boolean {
  for (let parent = node.parent; parent; parent = parent.parent) {
    if (isTag(parent) && VERBATIM_TAGS.has(parent.name)) return true;
  }
  return false;
}

function createPlaceholder(): Element {
  return new Element(SHARE_PLACEHOLDER_TAG, {});
}

/** True when a run of nodes has nothing a reader would see (whitespace, <br>, &nbsp;). */
function isBlank(nodes: ChildNode[]): boolean {
  return nodes.every(
    (node) => (isText(node) && node.data.replace(/[\s\u00a0]/g, "") === "") || (isTag(node) && node.name === "br"),
  );
}

/**
 * Splits a text node on Elfsight shortcodes. Returns the pieces, with `null` where each
 * placeholder goes, or undefined when the text has none.
 */
function splitOnShortcodes(text: string): (string | null)[] | undefined {
  const pieces: (string | null)[] = [];
  let last = 0;
  let found = false;
  for (const match of text.matchAll(ELFSIGHT_SHORTCODE)) {
    found = true;
    pieces.push(text.slice(last, match.index));
    // A closing tag ([/elfsight_…]) is residue of an opening one: drop it, no second bar.
    if (!match[1]) pieces.push(null);
    last = match.index + match[0].length;
  }
  if (!found) return undefined;
  pieces.push(text.slice(last));
  return pieces;
}

/**
 * Replaces the text node. Inside a <p>, the paragraph is split around each placeholder so
 * the share bar (a block) never sits inside a paragraph, and empty halves are dropped: a
 * shortcode alone in its own <p> becomes just the placeholder. Elsewhere the placeholder goes
 * inline at the same position.
 */
function replaceTextNode(node: Text, pieces: (string | null)[]): void {
  const parent = node.parent;
  const asNodes = pieces.map((piece) => (piece === null ? createPlaceholder() : new Text(piece)));

  if (parent && isTag(parent) && parent.name === "p") {
    const index = parent.children.indexOf(node);
    const sequence = [...parent.children.slice(0, index), ...asNodes, ...parent.children.slice(index + 1)];
    const replacement: ChildNode[] = [];
    let run: ChildNode[] = [];
    const flushParagraph = () => {
      if (!isBlank(run)) {
        const paragraph = new Element("p", { ...parent.attribs });
        setChildren(paragraph, run);
        replacement.push(paragraph);
      }
      run = [];
    };
    for (const child of sequence) {
      if (isTag(child) && child.name === SHARE_PLACEHOLDER_TAG) {
        flushParagraph();
        replacement.push(child);
      } else {
        run.push(child);
      }
    }
    flushParagraph();
    replaceWith(parent, replacement);
    return;
  }
  replaceWith(node, asNodes);
}

/** Puts `replacement` where `target` stands. */
function replaceWith(target: ChildNode, replacement: ChildNode[]): void {
  const parent = target.parent;
  if (!parent) return;
  const index = parent.children.indexOf(target);
  setChildren(parent, [...parent.children.slice(0, index), ...replacement, ...parent.children.slice(index + 1)]);
}

/** domhandler leaves parent/prev/next links to the caller; keep them right for later passes. */
function setChildren(parent: ParentNode, children: ChildNode[]): void {
  parent.children = children;
  children.forEach((child, index) => {
    child.parent = parent;
    child.prev = children[index - 1] ?? null;
    child.next = children[index + 1] ?? null;
  });
}

/** Replaces Elfsight shortcodes with share placeholders in a parsed body, in place. */
export function replaceShareShortcodes(document: Document): ShortcodeResult {
  let replaced = 0;
  const warnings: string[] = [];

  const textNodes = filter((node) => isText(node), document.children, true) as Text[];
  for (const node of textNodes) {
    if (isInsideVerbatim(node)) continue;
    const pieces = splitOnShortcodes(node.data);
    if (pieces) {
      replaced += pieces.filter((piece) => piece === null).length;
      replaceTextNode(node, pieces);
    }
  }

  // Report what is left only after the replacement, so Elfsight's code is never listed.
  const remaining = filter((node) => isText(node) && !isInsideVerbatim(node), document.children, true) as Text[];
  for (const node of remaining) {
    for (const match of node.data.matchAll(ANY_SHORTCODE)) {
      const [text, name = "", attributes = ""] = match;
      const looksLikeShortcode =
        name.includes("_") || attributes.includes("=") || text.startsWith("[/") || WORDPRESS_SHORTCODES.has(name.toLowerCase());
      if (looksLikeShortcode) warnings.push(`unknown shortcode left as text: ${text}`);
    }
  }
  return { replaced, warnings };
}
