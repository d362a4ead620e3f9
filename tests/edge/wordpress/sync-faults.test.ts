import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { createApp } from "../../../src/app/create-app";
import { syncWordPress } from "../../../src/edge/wordpress/sync";
import { guardD1, StorageUnavailable } from "../../../src/http/storage-guard";
import { publishDeps } from "../../../src/publish/deps";
import { siteConfig } from "../../../src/site/config";
import { failingD1 } from "../../faults";
import exportXml from "../../fixtures/wordpress/export.xml?raw";
import { appFetch, TOKEN } from "../../helpers";
import { HeldQueue } from "../../publish-queue";
import { FakeWordPress, heraldId, syncEnv, WP_ORIGIN } from "./fake-wordpress";
import { exportedArticles } from "./read-export";

// An import or a sync killed mid-way by D1 (the connection drops after n calls, for every n):
// every article is fully old or fully new, the sync's cursor never passes a post that was not
// written, and running again completes it to exactly the state of an uninterrupted run.

/** Empties every table the sync and the admin API write, keeping R2 (its cards need no redraw). */
async function emptyDatabase(): Promise<void> {
  const tables = ["article_authors", "article_tags", "slug_redirects", "feed_changes", "share_counts", "wordpress_sync", "articles"];
  await env.DB.batch(tables.map((table) => env.DB.prepare(`DELETE FROM ${table}`)));
}

beforeEach(emptyDatabase);

type Snapshot = Map<string, unknown>;

/** Every article as D1 holds it (row, authors, tags, redirects to it), timestamps of the write aside. */
async function articlesSnapshot(): Promise<Snapshot> {
  const all = async (sql: string) => (await env.DB.prepare(sql).all<Record<string, unknown> & { article_id: string }>()).results;
  const articles = await all(
    `SELECT id AS article_id, slug, title, dek, body_html, section_name, section_slug, lead_image_url, lead_image_alt,
            lead_image_width, lead_image_height, canonical_url, published_at, status, content_hash, source_kind, source_ref
     FROM articles ORDER BY id`,
  );
  const authors = await all("SELECT * FROM article_authors ORDER BY article_id, position");
  const tags = await all("SELECT * FROM article_tags ORDER BY article_id, position");
  const redirects = await all("SELECT * FROM slug_redirects ORDER BY old_slug");
  const of = (rows: { article_id: string }[], id: string) => rows.filter((row) => row.article_id === id);
  return new Map(
    articles.map((article) => [
      article.article_id,
      {
        article,
        authors: of(authors, article.article_id),
        tags: of(tags, article.article_id),
        redirects: of(redirects, article.article_id),
      },
    ]),
  );
}

const LIMITS = { perPage: 3, subrequests: 1000, d1Queries: 1000, changes: 100 };
/** Past the 5-minute lease a run that could not give it back leaves behind. */
const AFTER_THE_LEASE_MS = 6 * 60_000;

/** One sync run over `wordpress` through the guarded D1 given, its publishing settled; StorageUnavailable if D1 failed. */
async function sync(wordpress: FakeWordPress, db: D1Database, clock = 0) {
  const ctx = createExecutionContext();
  const now = () => new Date(Date.now() + clock);
  const site = siteConfig(syncEnv());
  // The publish jobs are held, not delivered: this file is about what D1 holds.
  const publish = { ...publishDeps(env, site), queue: new HeldQueue() as unknown as Queue };
  const run = syncWordPress(
    { db: guardD1(db), publish, fetcher: wordpress.fetcher, waitUntil: (promise) => ctx.waitUntil(promise), now },
    site,
    { limits: LIMITS },
  );
  const outcome = await run.catch((err: unknown) => err);
  await waitOnExecutionContext(ctx);
  return outcome;
}

/** The recorded site after a morning's work: three posts edited (title and body), one trashed. */
function editMorning(wordpress: FakeWordPress): void {
  for (const [id, minute] of [
    [4211, 10],
    [4216, 11],
    [4219, 12],
  ] as const) {
    const post = wordpress.posts.get(id);
    wordpress.edit(id, {
      title: { rendered: `Updated: ${post?.title.rendered}` },
      content: { ...post?.content, rendered: `<p>Correction appended at 09:${minute}.</p>${post?.content.rendered}` },
      modified_gmt: `2021-11-20T09:${minute}:00`,
    });
  }
  wordpress.trash(4220);
}

/** The sync's cursor as D1 holds it. */
async function storedCursor(): Promise<{ modified: string | null; doneIds: number[] }> {
  const row = await env.DB.prepare("SELECT cursor_modified, cursor_done_ids FROM wordpress_sync WHERE origin = ?")
    .bind(WP_ORIGIN)
    .first<{ cursor_modified: string | null; cursor_done_ids: string }>();
  return { modified: row?.cursor_modified ?? null, doneIds: JSON.parse(row?.cursor_done_ids ?? "[]") };
}

describe("the WordPress sync killed mid-way", () => {
  it("leaves every article fully old or fully new, the cursor behind every unwritten post, and a re-run completes it", async () => {
    // The reference: the old state, then an uninterrupted run over the edited site.
    const wordpress = new FakeWordPress();
    expect(await sync(wordpress, env.DB)).toMatchObject({ ran: true, summary: { created: 8 } });
    const old = await articlesSnapshot();
    editMorning(wordpress);
    const counter = failingD1(env.DB, { failAfter: Number.POSITIVE_INFINITY });
    expect(await sync(wordpress, counter)).toMatchObject({ ran: true, summary: { updated: 3, tombstoned: 1 } });
    const fresh = await articlesSnapshot();
    const calls = counter.calls;
    expect(calls).toBeGreaterThan(10);
    const changed = [...fresh.keys()].filter((id) => JSON.stringify(fresh.get(id)) !== JSON.stringify(old.get(id)));
    expect(changed.sort()).toEqual([4211, 4216, 4219, 4220].map(heraldId).sort());

    for (let n = 0; n < calls; n++) {
      await emptyDatabase();
      const before = new FakeWordPress();
      expect(await sync(before, env.DB)).toMatchObject({ ran: true });
      expect(await articlesSnapshot()).toEqual(old);

      editMorning(before);
      const cut = await sync(before, failingD1(env.DB, { failAfter: n }));
      // A cut before the lease is given back stops the run with the outage; one at the very end only loses the release.
      if (cut instanceof Error) expect(cut, `n=${n}`).toBeInstanceOf(StorageUnavailable);

      const mid = await articlesSnapshot();
      expect([...mid.keys()], `n=${n}`).toEqual([...old.keys()]);
      for (const [id, article] of mid) expect([old.get(id), fresh.get(id)], `n=${n} ${id}`).toContainEqual(article);

      // Every post behind the stored cursor is stored in its new version.
      const cursor = await storedCursor();
      for (const post of before.posts.values()) {
        const modified = `${post.modified_gmt}Z`;
        const behind =
          cursor.modified !== null && (modified < cursor.modified || (modified === cursor.modified && cursor.doneIds.includes(post.id)));
        if (behind) expect(mid.get(heraldId(post.id)), `n=${n} post ${post.id} is behind the cursor`).toEqual(fresh.get(heraldId(post.id)));
      }

      expect(await sync(before, env.DB, AFTER_THE_LEASE_MS), `n=${n}`).toMatchObject({ ran: true, summary: { failed: [] } });
      expect(await articlesSnapshot(), `n=${n}`).toEqual(fresh);
    }
    // Three runs for each of the calls, each storing and publishing eight posts.
  }, 240_000);

  it("POST /api/wordpress/sync while D1 is down: 503 with the JSON error, nothing written", async () => {
    const res = await appFetch("/api/wordpress/sync", {
      bindings: { ...syncEnv(), DB: failingD1(env.DB, "throw") },
      init: { method: "POST", headers: { Authorization: `Bearer ${TOKEN}` } },
    });
    expect(res.status).toBe(503);
    expect(res.headers.get("Retry-After")).toBe("30");
    expect(await res.json()).toMatchObject({ error: "storage unavailable" });
    expect(await env.DB.prepare("SELECT count(*) AS n FROM wordpress_sync").first("n")).toBe(0);
  });
});

/**
 * The WXR import as scripts/import.mjs runs it: one PUT per post, stopping at the first 503 (its
 * ImportStopped). Returns how many posts were sent before it stopped.
 */
async function importExport(db: D1Database): Promise<number> {
  const app = createApp();
  let sent = 0;
  for (const { slug, body } of exportedArticles(exportXml)) {
    const res = await appFetch(`/api/articles/${encodeURIComponent(slug)}`, {
      app,
      bindings: { ...env, DB: db },
      init: {
        method: "PUT",
        headers: { Authorization: `Bearer ${TOKEN}`, "Content-Type": "application/json" },
        body: JSON.stringify(body),
      },
    });
    if (res.status === 503) return sent;
    expect(res.status, slug).toBeLessThan(300);
    sent++;
  }
  return sent;
}

describe("a WXR import killed mid-way", () => {
  it("leaves each post absent or complete, and re-sending the export completes it to the uninterrupted state", async () => {
    const counter = failingD1(env.DB, { failAfter: Number.POSITIVE_INFINITY });
    const total = await importExport(counter);
    expect(total).toBe(exportedArticles(exportXml).length);
    const complete = await articlesSnapshot();
    const calls = counter.calls;

    for (let n = 0; n < calls; n++) {
      await emptyDatabase();
      const sent = await importExport(failingD1(env.DB, { failAfter: n }));
      expect(sent, `n=${n}`).toBeLessThan(total);
      const mid = await articlesSnapshot();
      for (const [id, article] of mid) expect(article, `n=${n} ${id}`).toEqual(complete.get(id));

      // The CLI run again (a re-run re-sends what was done: each is an unchanged no-op).
      expect(await importExport(env.DB)).toBe(total);
      expect(await articlesSnapshot(), `n=${n}`).toEqual(complete);
    }
  });

  it("re-sending an identical export changes nothing", async () => {
    await importExport(env.DB);
    const first = await articlesSnapshot();
    const times = await env.DB.prepare("SELECT id, updated_at, created_at FROM articles ORDER BY id").all();
    await importExport(env.DB);
    expect(await articlesSnapshot()).toEqual(first);
    expect((await env.DB.prepare("SELECT id, updated_at, created_at FROM articles ORDER BY id").all()).results).toEqual(times.results);
  });
});
