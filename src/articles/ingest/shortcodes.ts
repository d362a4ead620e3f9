import { type ChildNode, type Document, Element, isTag, isText, type ParentNode, Text } from "domhandler";
import { filter } from "domutils";
import { MAX_SHARE_PLACEHOLDERS, SHARE_PLACEHOLDER_ATTRIBUTES, SHARE_PLACEHOLDER_TAG } from "./share-placeholder";

/**
 * The Elfsight share-button shortcode in every form it leaked in: straight or typographic
 * quotes, primes, entities (already decoded by the HTML parser, or left double-encoded), no
 * quotes, extra attributes, any case, self-closing. Anything but a bracket up to the closing
 * bracket is an attribute, so no quoting style slips past, and an unclosed shortcode cannot
 * swallow the rest of the paragraph. A closing tag is matched too and dropped.
 */
const ELFSIGHT_SHORTCODE = /\[\s*(\/)?\s*elfsight_social_share_buttons(?=[\s\]/])[^\][]{0,300}\]/gi;

/**
 * The same shortcode in markup as it arrives (an origin page's text, a feed's XML): entities
 * undecoded (`id=&#8221;1&#8243;`, which hold no bracket) and no `<` or `>` inside, so
 * removing a match can never cut through a tag or a CDATA section.
 */
const ELFSIGHT_SHORTCODE_IN_MARKUP = /\[\s*(\/)?\s*elfsight_social_share_buttons(?=[\s\]/&])[^\][<>]{0,300}\]/gi;

/** The longest shortcode ELFSIGHT_SHORTCODE_IN_MARKUP matches: a streaming reader holds back at most this much. */
export const MAX_SHORTCODE_CHARS = 340;

/**
 * Replaces each Elfsight shortcode in raw markup with `replacement()` (a closing tag with ""),
 * leaving every other character as it was.
 */
export function replaceShareShortcodesInMarkup(markup: string, replacement: () => string): string {
  return markup.replace(ELFSIGHT_SHORTCODE_IN_MARKUP, (_match, closing: string | undefined) => (closing ? "" : replacement()));
}

/** `[name ...]` shortcodes that are not Elfsight's: left as text, reported as warnings. */
const ANY_SHORTCODE = /\[\/?([a-z][\w-]*)(\s[^\][]*)?\/?\]/gi;
const WORDPRESS_SHORTCODES = new Set(["caption", "gallery", "embed", "audio", "video", "playlist"]);

/** Skips code samples: a shortcode shown in <code> is content, not a widget. */
export const VERBATIM_TAGS: ReadonlySet<string> = new Set(["code", "pre", "kbd"]);

/**
 * `[name …]` text in `text` that looks like a leftover shortcode, not prose in brackets ("[sic]"):
 * an underscore in the name, an attribute, a closing tag, or one of WordPress's own names.
 */
export function leftoverShortcodes(text: string): string[] {
  const found: string[] = [];
  for (const [match, name = "", attributes = ""] of text.matchAll(ANY_SHORTCODE)) {
    if (name.includes("_") || attributes.includes("=") || match.startsWith("[/") || WORDPRESS_SHORTCODES.has(name.toLowerCase())) {
      found.push(match);
    }
  }
  return found;
}

/** Elements that show something even when they have no text. */
const CONTENT_ELEMENTS = new Set(["img", "iframe", "hr", SHARE_PLACEHOLDER_TAG]);

export interface ShortcodeResult {
  /** How many share placeholders the body keeps (at most MAX_SHARE_PLACEHOLDERS). */
  replaced: number;
  /** One line per other shortcode left in the text. */
  warnings: string[];
}

/** Removes the Elfsight shortcode from plain text (titles, deks, attribute values). */
export function stripShareShortcodes(text: string): string {
  return text
    .replace(ELFSIGHT_SHORTCODE, "")
    .replace(/\s{2,}/g, " ")
    .trim();
}

function ancestors(node: ChildNode): Element[] {
  const chain: Element[] = [];
  for (let parent = node.parent; parent && isTag(parent); parent = parent.parent) chain.push(parent);
  return chain;
}

function isPlaceholder(node: ChildNode): node is Element {
  return isTag(node) && node.name === SHARE_PLACEHOLDER_TAG;
}

function createPlaceholder(): Element {
  return new Element(SHARE_PLACEHOLDER_TAG, { ...SHARE_PLACEHOLDER_ATTRIBUTES });
}

/** True when a node shows nothing a reader would see (whitespace, <br>, &nbsp;, empty inline). */
function isBlank(node: ChildNode): boolean {
  if (isText(node)) return node.data.replace(/[\s\u00a0]/g, "") === "";
  if (!isTag(node)) return true;
  if (node.name === "br") return true;
  return !CONTENT_ELEMENTS.has(node.name) && node.children.every(isBlank);
}

/** Drops leading and trailing blanks (a <br> or spaces left beside a removed shortcode). */
function trimBlankEdges(nodes: ChildNode[]): ChildNode[] {
  let start = 0;
  let end = nodes.length;
  while (start < end && isBlank(nodes[start] as ChildNode)) start++;
  while (end > start && isBlank(nodes[end - 1] as ChildNode)) end--;
  const kept = nodes.slice(start, end);
  const [first, last] = [kept[0], kept[kept.length - 1]];
  if (first && isText(first)) first.data = first.data.trimStart();
  if (last && isText(last)) last.data = last.data.trimEnd();
  return kept;
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

function replaceWith(target: ChildNode, replacement: ChildNode[]): void {
  const parent = target.parent;
  if (!parent) return;
  const index = parent.children.indexOf(target);
  setChildren(parent, [...parent.children.slice(0, index), ...replacement, ...parent.children.slice(index + 1)]);
}

/**
 * Splits `container`'s children into runs separated by placeholders: each non-blank run keeps
 * the container (a copy with the same attributes), each placeholder stands between them.
 */
function splitAtPlaceholders(container: Element): ChildNode[] {
  const pieces: ChildNode[] = [];
  let run: ChildNode[] = [];
  const flush = () => {
    const content = trimBlankEdges(run);
    if (content.length > 0) {
      const copy = new Element(container.name, { ...container.attribs });
      setChildren(copy, content);
      pieces.push(copy);
    }
    run = [];
  };
  for (const child of container.children) {
    if (isPlaceholder(child)) {
      flush();
      pieces.push(child);
    } else {
      run.push(child);
    }
  }
  flush();
  return pieces;
}

/**
 * Moves a placeholder up to be a child of `paragraph`, splitting every inline element on the
 * way (`<p><strong>a [sc] b</strong></p>` → `<p><strong>a</strong>⟨ph⟩<strong>b</strong></p>`).
 */
function hoistToParagraph(placeholder: Element, paragraph: Element): void {
  while (placeholder.parent && placeholder.parent !== paragraph && isTag(placeholder.parent)) {
    replaceWith(placeholder.parent, splitAtPlaceholders(placeholder.parent));
  }
}

/**
 * Keeps the first MAX_SHARE_PLACEHOLDERS placeholders in document order and removes the rest
 * (one pass per parent, so thousands cost no more than one). Returns how many it kept and removed.
 */
function capPlaceholders(document: Document): { kept: number; removed: number } {
  const all = filter(isPlaceholder, document.children, true) as Element[];
  const surplus = new Set<ChildNode>(all.slice(MAX_SHARE_PLACEHOLDERS));
  const parents = new Set<ParentNode>();
  for (const placeholder of surplus) if (placeholder.parent) parents.add(placeholder.parent);
  for (const parent of parents)
    setChildren(
      parent,
      parent.children.filter((child) => !surplus.has(child)),
    );
  return { kept: all.length - surplus.size, removed: surplus.size };
}

/**
 * Replaces Elfsight shortcodes with share placeholders in a parsed body, in place. Inside a
 * paragraph, the paragraph is split around each placeholder so the share bar (a block) never
 * sits inside a <p>, and empty halves are dropped: a shortcode alone in its own <p> becomes
 * just the placeholder. Elsewhere the placeholder goes inline at the same position. Past
 * MAX_SHARE_PLACEHOLDERS (counting placeholders already in the body), shortcodes are removed
 * with a warning.
 */
export function replaceShareShortcodes(document: Document): ShortcodeResult {
  // Stops making placeholders once the cap is reached: 9,000 shortcodes must not cost 9,000 splits.
  let created = 0;
  const warnings: string[] = [];
  const paragraphsToSplit = new Set<Element>();
  let surplusShortcodes = 0;

  // Placeholders that arrive in the body (a stored body sent back) are made canonical, so the
  // expansion, which matches the exact placeholder string, finds every one of them.
  for (const existing of filter(isPlaceholder, document.children, true) as Element[]) {
    existing.attribs = { ...SHARE_PLACEHOLDER_ATTRIBUTES };
    setChildren(existing, []);
  }

  for (const node of filter(isText, document.children, true) as Text[]) {
    const chain = ancestors(node);
    if (chain.some((element) => VERBATIM_TAGS.has(element.name))) continue;

    const pieces: ChildNode[] = [];
    let last = 0;
    for (const match of node.data.matchAll(ELFSIGHT_SHORTCODE)) {
      // Text beside a placeholder loses the spaces that separated it from the shortcode.
      const before = node.data.slice(last, match.index);
      pieces.push(new Text(last === 0 ? before.trimEnd() : before.trim()));
      // A closing tag ([/elfsight_…]) is residue of an opening one: drop it, no second bar.
      if (!match[1] && created < MAX_SHARE_PLACEHOLDERS) {
        pieces.push(createPlaceholder());
        created++;
      } else if (!match[1]) {
        // Removed, not replaced: the words on either side stay apart.
        pieces.push(new Text(" "));
        surplusShortcodes++;
      }
      last = match.index + match[0].length;
    }
    const rest = pieces.length > 0 ? node.data.slice(last).trimStart() : node.data;
    for (const text of leftoverShortcodes(rest)) warnings.push(`unknown shortcode left as text: ${text}`);
    if (pieces.length === 0) continue;
    pieces.push(new Text(rest));
    replaceWith(node, pieces);

    const paragraph = chain.find((element) => element.name === "p");
    for (const placeholder of pieces.filter(isPlaceholder)) {
      if (paragraph) hoistToParagraph(placeholder, paragraph);
    }
    if (paragraph) paragraphsToSplit.add(paragraph);
  }

  for (const paragraph of paragraphsToSplit) replaceWith(paragraph, splitAtPlaceholders(paragraph));

  // The raw shortcode must not survive in attribute values either (alt, title).
  for (const element of filter(isTag, document.children, true) as Element[]) {
    for (const [name, value] of Object.entries(element.attribs)) {
      if (value.search(ELFSIGHT_SHORTCODE) !== -1) element.attribs[name] = stripShareShortcodes(value);
    }
  }
  const { kept, removed } = capPlaceholders(document);
  if (removed + surplusShortcodes > 0) {
    warnings.push(
      `kept the first ${MAX_SHARE_PLACEHOLDERS} share placeholders and removed ${removed + surplusShortcodes} more: an article shows at most ${MAX_SHARE_PLACEHOLDERS} share bars`,
    );
  }
  return { replaced: kept, warnings };
}
