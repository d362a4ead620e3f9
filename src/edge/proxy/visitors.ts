/** Which origin requests Herald may rewrite and cache, from what WordPress itself relies on. */

/**
 * WordPress's own machinery: the dashboard, sign-in, the REST API, XML-RPC, cron and the
 * comment form. Passed to the origin untouched, never rewritten or cached.
 */
const WORDPRESS_MACHINERY =
  /^\/(?:wp-admin(?:\/|$)|wp-login\.php|wp-json(?:\/|$)|xmlrpc\.php|wp-cron\.php|wp-comments-post\.php|wp-signup\.php|wp-activate\.php)/;

/**
 * Query parameters of a post preview (`?preview=true`, `?p=1&preview_id=1&preview_nonce=…`) and
 * of the page WordPress shows a commenter their comment awaiting moderation on
 * (`?unapproved=ID&moderation-hash=…`).
 */
const PREVIEW_PARAMETERS = ["preview", "preview_id", "preview_nonce", "unapproved", "moderation-hash"];

/**
 * True for requests passed through untouched: anything but GET (form posts, HEAD checks), a
 * byte range (a part of a page cannot be rewritten), WordPress's machinery and previews.
 */
export function passesUntouched(request: Request, url: URL): boolean {
  if (request.method !== "GET" || request.headers.has("Range")) return true;
  if (WORDPRESS_MACHINERY.test(url.pathname)) return true;
  return PREVIEW_PARAMETERS.some((name) => url.searchParams.has(name));
}

/**
 * Cookies WordPress sets for someone whose pages are their own: signed in (wordpress_logged_in_,
 * wordpress_sec_), past a post password (wp-postpass_), remembered as a commenter
 * (comment_author_…, whose pages show their name and pending comments), or with a WooCommerce
 * cart or session (the cart shows on every page), as Cloudflare's APO bypasses them too.
 */
const PERSONAL_COOKIE =
  /(?:^|;\s*)(?:wordpress_logged_in_|wordpress_sec_|wp-postpass_|comment_author_|woocommerce_items_in_cart|woocommerce_cart_hash|wp_woocommerce_session_)/;

/**
 * True when the visitor's pages are personal: rewritten, but never served from or kept in the
 * cache. A request with credentials is personal too (a shared cache must not keep its answer
 * unless the origin says so, RFC 9111 §3.5).
 */
export function isPersonalVisitor(request: Request): boolean {
  const { headers } = request;
  if (headers.has("Authorization")) return true;
  const cookie = headers.get("Cookie");
  return cookie !== null && PERSONAL_COOKIE.test(cookie);
}
