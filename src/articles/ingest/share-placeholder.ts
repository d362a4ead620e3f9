/**
 * The neutral marker that stands in a stored article body where the Elfsight shortcode stood.
 * Each output expands it its own way (page: share bar; feed: a row of links; JSON: nothing),
 * so the raw shortcode never reaches any output.
 *
 * The marker contains both `<` and `"`, which the body's serialiser always escapes in text
 * (`&lt;`) and in attribute values (`&quot;`): the exact string below can only be a real
 * element, never text or an attribute an author wrote, so expanding it by string replacement
 * is safe.
 */
export const SHARE_PLACEHOLDER_TAG = "herald-share";
export const SHARE_PLACEHOLDER_ATTRIBUTES: Readonly<Record<string, string>> = { "data-herald": "share" };
export const SHARE_PLACEHOLDER = `<${SHARE_PLACEHOLDER_TAG} data-herald="share"></${SHARE_PLACEHOLDER_TAG}>`;

/**
 * The most share bars one article shows. The widget stood once in an article (the seed: under
 * the byline), sometimes again at the end; three allows top, middle and end. Every placeholder
 * expands to a full bar on the page (about 3 KB) and a row of links in each feed (about 1 KB),
 * so without a cap 9,000 shortcodes in a 423 KB body made a 30 MB page and 10 MB feeds.
 */
export const MAX_SHARE_PLACEHOLDERS = 3;

/**
 * Replaces every placeholder in a stored body with `replacement` (may be ""), or with what
 * `replacement(index)` returns for the first, second… placeholder. Past the first
 * MAX_SHARE_PLACEHOLDERS, placeholders become "" (a body stored before the cap keeps its
 * answers small).
 */
export function expandSharePlaceholders(bodyHtml: string, replacement: string | ((index: number) => string)): string {
  const expand = typeof replacement === "string" ? () => replacement : replacement;
  return bodyHtml
    .split(SHARE_PLACEHOLDER)
    .reduce((html, part, i) => `${html}${i - 1 < MAX_SHARE_PLACEHOLDERS ? expand(i - 1) : ""}${part}`);
}
