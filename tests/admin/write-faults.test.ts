import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { type D1Fault, failingD1 } from "../faults";
import { adminWriteAndSettle, appFetch, htmlArticleInput, TOKEN, tableCounts } from "../helpers";

// Writes while D1 fails: a 503 with Retry-After and a JSON body, and the article either fully
// as it was or fully as sent, never half; sending the same request again completes it.

interface ApiError {
  error: string;
  details: string[];
}

/** An admin write through the app with D1 failing as `fault`, settled (purges, card, pings). */
function writeWith(fault: D1Fault, method: string, slug: string, body?: unknown) {
  return adminWriteAndSettle(method, slug, body, { ...env, DB: failingD1(env.DB, fault) });
}

/** Everything D1 holds about one article, timestamps aside: its row, authors, tags and the redirects to it. */
async function snapshot(id: string) {
  const article = await env.DB.prepare(
    "SELECT id, slug, title, dek, body_html, section_name, section_slug, status, content_hash, canonical_url FROM articles WHERE id = ?",
  )
    .bind(id)
    .first();
  const rows = async (sql: string) => (await env.DB.prepare(sql).bind(id).all()).results;
  return {
    article,
    authors: await rows("SELECT position, author_slug, author_name FROM article_authors WHERE article_id = ? ORDER BY position"),
    tags: await rows("SELECT position, tag_slug, tag_name FROM article_tags WHERE article_id = ? ORDER BY position"),
    redirects: await rows("SELECT old_slug FROM slug_redirects WHERE article_id = ? ORDER BY old_slug"),
  };
}

async function create(slug: string, overrides: Record<string, unknown> = {}): Promise<string> {
  const res = await adminWriteAndSettle("PUT", slug, htmlArticleInput({ tags: ["Old tag"], ...overrides }));
  expect(res.status).toBe(201);
  return (await res.json<{ article: { id: string } }>()).article.id;
}

function expectOutage(res: Response): void {
  expect(res.status).toBe(503);
  expect(res.headers.get("Retry-After")).toBe("30");
  expect(res.headers.get("Cache-Control")).toBe("no-store");
}

/** An edit that touches every table: new headline, authors and tags, and a new slug (a redirect). */
function editOf(id: string) {
  return htmlArticleInput({
    id,
    title: "The edited headline",
    authors: [{ name: "Ana Lima" }, { name: "Sam Okafor" }],
    tags: ["New tag", "Another tag"],
    bodyHtml: "<p>Rewritten.</p>",
  });
}

describe("D1 failing on writes", () => {
  it("a new article: 503 with the JSON error, and nothing written", async () => {
    const before = await tableCounts();
    const res = await writeWith("throw", "PUT", "never-written", htmlArticleInput());
    expectOutage(res);
    const body = await res.json<ApiError>();
    expect(body.error).toBe("storage unavailable");
    expect(body.details).toEqual([
      "the article store did not answer; try again in 30 seconds",
      "the change may not be stored: sending the same request again is safe, it completes the change or finds it done",
    ]);
    expect(await tableCounts()).toEqual(before);
    expect(await env.DB.prepare("SELECT 1 FROM articles WHERE slug = 'never-written'").first()).toBeNull();
  });

  it("a write to a D1 that never answers ends at the deadline with the same 503", async () => {
    const before = await tableCounts();
    const res = await appFetch("/api/articles/never-answered", {
      deps: { storage: { deadlineMs: 50 } },
      bindings: { ...env, DB: failingD1(env.DB, "hang") },
      init: {
        method: "PUT",
        headers: { Authorization: `Bearer ${TOKEN}`, "Content-Type": "application/json" },
        body: JSON.stringify(htmlArticleInput()),
      },
    });
    expectOutage(res);
    expect((await res.json<ApiError>()).error).toBe("storage unavailable");
    expect(await tableCounts()).toEqual(before);
  });

  it("an edit and a delete: 503, and the article exactly as it was", async () => {
    const id = await create("unchanged-by-outage");
    const before = await snapshot(id);
    const counts = await tableCounts();
    expectOutage(await writeWith("throw", "PUT", "unchanged-by-outage", { ...editOf(id), slug: undefined }));
    expectOutage(await writeWith("throw", "DELETE", "unchanged-by-outage"));
    expect(await snapshot(id)).toEqual(before);
    expect(await tableCounts()).toEqual(counts);
  });

  it("an edit cut off at each of its D1 calls leaves the article fully old or fully new, and the same request again completes it", async () => {
    // How many calls an uninterrupted rename-and-edit makes.
    const probeId = await create("probe-calls");
    const counter = failingD1(env.DB, { failAfter: Number.POSITIVE_INFINITY });
    expect((await adminWriteAndSettle("PUT", "probe-calls-renamed", editOf(probeId), { ...env, DB: counter })).status).toBe(200);
    const calls = counter.calls;
    expect(calls).toBeGreaterThanOrEqual(2);

    const faults: D1Fault[] = [
      ...Array.from({ length: calls }, (_, n) => ({ failAfter: n })),
      ...Array.from({ length: calls }, (_, n) => ({ answerLostAt: n + 1 })),
    ];
    for (const [index, fault] of faults.entries()) {
      const slug = `cut-off-${index}`;
      const id = await create(slug);
      const old = await snapshot(id);
      const res = await writeWith(fault, "PUT", `${slug}-renamed`, editOf(id));
      expectOutage(res);
      const mid = await snapshot(id);

      expect((await adminWriteAndSettle("PUT", `${slug}-renamed`, editOf(id))).status).toBe(200);
      const done = await snapshot(id);
      expect(done.article).toMatchObject({ slug: `${slug}-renamed`, title: "The edited headline" });
      expect(done.authors.map((row) => row.author_name)).toEqual(["Ana Lima", "Sam Okafor"]);
      expect(done.tags.map((row) => row.tag_name)).toEqual(["New tag", "Another tag"]);
      expect(done.redirects).toEqual([{ old_slug: slug }]);
      expect([old, done], JSON.stringify(fault)).toContainEqual(mid);
    }
  });

  it("a delete cut off after it reached D1: the retry finds the tombstone and answers it", async () => {
    const id = await create("deleted-in-the-dark");
    // The read, then the batch: the batch's answer is lost.
    expectOutage(await writeWith({ answerLostAt: 2 }, "DELETE", "deleted-in-the-dark"));
    expect((await snapshot(id)).article).toMatchObject({ status: "deleted" });
    const again = await adminWriteAndSettle("DELETE", "deleted-in-the-dark");
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ id, status: "deleted" });
  });
});
