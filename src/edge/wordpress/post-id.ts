/**
 * The Herald article id of a WordPress post: the public host of its permalink and the post's
 * numeric id ("wp:news.example:4211"). The WXR import and the REST sync both derive it, so a
 * post imported from an export and later synced is one article, re-imports change nothing,
 * and its feed GUID never moves when the post is edited or renamed.
 *
 * No imports: the import CLI loads this file in Node as it is.
 */
export function wordpressArticleId(permalink: string, postId: number | string): string {
  const host = new URL(permalink).host.toLowerCase();
  const id = String(postId).trim();
  if (!/^[1-9][0-9]{0,19}$/.test(id)) throw new Error(`not a WordPress post id: ${JSON.stringify(postId)}`);
  return `wp:${host}:${id}`;
}

/** The `source.kind` of every article that came from WordPress (export or REST). */
export const WORDPRESS_SOURCE_KIND = "wordpress";
