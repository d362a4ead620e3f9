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
 * Replaces every placeholder in a stored body with `replacement` (may be ""), or with what
 * `replacement(index)` returns for the first, second… placeholder.
 */
export function expandSharePlaceholders(bodyHtml: string, replacement: string | ((index: number) => string)): string {
  const parts = bodyHtml.split(SHARE_PLACEHOLDER);
  if (typeof replacement === "string") return parts.join(replacement);
  return parts.reduce((html, part, i) => `${html}${replacement(i - 1)}${part}`);
}
