/** A Herald article that came from one WordPress site, as the reconciliation pass checks it. */
export interface SyncedArticle {
  id: string;
  slug: string;
  postId: number;
}

/** "wp:<host>:": the id prefix of every article from the WordPress site at `host` (post-id.ts). */
export function articleIdPrefix(host: string): string {
  return `wp:${host}:`;
}

/**
 * The site's articles that are not tombstones yet, in id order after `afterId`. The prefix is a
 * range of the primary key ("wp:host:" up to "wp:host;", ';' being the character after ':'), so
 * the query walks only that site's ids and nothing in a host name is a wildcard.
 */
export async function listSyncedArticles(db: D1Database, host: string, afterId: string, limit: number): Promise<SyncedArticle[]> {
  const prefix = articleIdPrefix(host);
  const { results } = await db
    .prepare(
      `SELECT id, slug FROM articles
       WHERE id >= ?1 AND id < ?2 AND id > ?3 AND source_kind = 'wordpress' AND status != 'deleted'
       ORDER BY id LIMIT ?4`,
    )
    .bind(prefix, `${prefix.slice(0, -1)};`, afterId, limit)
    .all<{ id: string; slug: string }>();
  return results.flatMap((row) => {
    const postId = row.id.slice(prefix.length);
    return /^[1-9][0-9]*$/.test(postId) ? [{ ...row, postId: Number(postId) }] : [];
  });
}
