// A Mastodon-style herd: an article is published and, before its card has finished rendering,
// 400 fetches of its page and 400 of its card arrive at once. The harness (Herald's app with
// counting bindings) reports the D1 statements each route caused and the card renders.
import { generatedArticle } from "../generated-articles.ts";
import { ADMIN_TOKEN } from "./runtime.mjs";
import { versionedCardPath } from "./scenarios.mjs";

export const HERD_SIZE = 400;

/** @typedef {Record<"page" | "card" | "other", number>} ByRoute */
/**
 * What the harness has counted since its last reset (bench/harness-worker.ts), by the route
 * that caused it.
 * @typedef {{ d1Statements: ByRoute, cardRenders: ByRoute }} HarnessCounts
 */

/** @typedef {Awaited<ReturnType<typeof runHerd>>} Herd */

/** @param {string} harness */
const counts = async (harness) => /** @type {Promise<HarnessCounts>} */ ((await fetch(`${harness}/__bench/counts`)).json());

/**
 * @param {string} harness
 * @param {number} articleNumber
 */
export async function runHerd(harness, articleNumber) {
  const slug = `just-published-${articleNumber}`;
  const article = { ...generatedArticle(articleNumber), publishedAt: new Date().toISOString() };
  await fetch(`${harness}/__bench/counts/reset`, { method: "POST" });
  const put = await fetch(`${harness}/api/articles/${slug}`, {
    method: "PUT",
    headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, "Content-Type": "application/json" },
    body: JSON.stringify(article),
  });
  if (put.status !== 201) throw new Error(`publishing ${slug}: ${put.status} ${await put.text()}`);
  // The card URL a crawler finds in og:image (a D1 read, counted before the herd).
  const cardPath = await versionedCardPath(harness, slug);
  const before = await counts(harness);

  const started = performance.now();
  const fetchAll = (/** @type {string} */ path) =>
    Promise.all(
      Array.from({ length: HERD_SIZE }, async () => {
        const res = await fetch(`${harness}${path}`);
        return { status: res.status, etag: res.headers.get("etag"), bytes: (await res.arrayBuffer()).byteLength };
      }),
    );
  const [pages, cards] = await Promise.all([fetchAll(`/articles/${slug}`), fetchAll(cardPath)]);
  const seconds = (performance.now() - started) / 1000;
  // Let the publish's background work (card render, purges) finish before the final count.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const after = await counts(harness);

  const summary = (/** @type {Awaited<ReturnType<typeof fetchAll>>} */ answers) => ({
    ok: answers.filter((a) => a.status === 200).length,
    distinctBodies: new Set(answers.map((a) => `${a.etag}/${a.bytes}`)).size,
  });
  const renders = Object.values(after.cardRenders).reduce((a, b) => a + b, 0);
  return {
    requests: HERD_SIZE * 2,
    seconds,
    page: { ...summary(pages), d1Reads: after.d1Statements.page - before.d1Statements.page },
    card: { ...summary(cards), d1Reads: after.d1Statements.card - before.d1Statements.card, renders },
  };
}
