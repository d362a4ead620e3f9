/**
 * The neutral marker that stands in a stored article body where the Elfsight shortcode stood.
 * Each output expands it its own way (page: share bar; feed: a row of links; JSON: nothing),
 * so the raw shortcode never reaches any output.
 */
export const SHARE_PLACEHOLDER_TAG = "herald-share";
export const SHARE_PLACEHOLDER = `<${SHARE_PLACEHOLDER_TAG}></${SHARE_PLACEHOLDER_TAG}>`;

/** Replaces every placeholder in a stored body with `replacement` (may be ""). */
export function expandSharePlaceholders(bodyHtml: string, replacement: string): string {
  return bodyHtml.split(SHARE_PLACEHOLDER).join(replacement);
}
