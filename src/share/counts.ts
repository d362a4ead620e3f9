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
