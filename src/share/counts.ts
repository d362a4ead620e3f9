/** Counts one tap on the share bar. */
export async function countShare(db: D1Database, articleId: string, network: string, now = new Date()): Promise<void> {
  await db
    .prepare(
      `INSERT INTO share_counts (article_id, network, day, count) VALUES (?, ?, ?, 1)
       ON CONFLICT (article_id, network, day) DO UPDATE SET count = count + 1`,
    )
    .bind(articleId, network, now.toISOString().slice(0, 10))
    .run();
}

export interface ShareTotals {
  total: number;
  networks: Record<string, number>;
}

export async function shareTotals(db: D1Database, articleId: string): Promise<ShareTotals> {
  const { results } = await db
    .prepare("SELECT network, sum(count) AS n FROM share_counts WHERE article_id = ? GROUP BY network ORDER BY network")
    .bind(articleId)
    .all<{ network: string; n: number }>();
  const networks = Object.fromEntries(results.map((row) => [row.network, row.n]));
  return { total: results.reduce((sum, row) => sum + row.n, 0), networks };
}

/** Each article's share total (articles without shares are left out), in one query. */
export async function shareTotalsOf(db: D1Database, articleIds: string[]): Promise<Map<string, number>> {
  if (articleIds.length === 0) return new Map();
  const { results } = await db
    .prepare(
      `SELECT article_id AS id, sum(count) AS n FROM share_counts
       WHERE article_id IN (SELECT value FROM json_each(?)) GROUP BY article_id`,
    )
    .bind(JSON.stringify(articleIds))
    .all<{ id: string; n: number }>();
  return new Map(results.map((row) => [row.id, row.n]));
}
