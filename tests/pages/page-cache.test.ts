import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app/create-app";
import { encodeCursor } from "../../src/articles/cursor";
import { adminApi, adminWriteAndSettle, htmlArticleInput } from "../helpers";

/** D1 with every prepared statement counted: one statement is one database read here. */
function countingDb(): { db: D1Database; reads: () => number } {
  let prepared = 0;
  const db = new Proxy(env.DB, {
    get(target, property) {
      if (property === "prepare") {
        return (sql: string) => {
          prepared++;
          return target.prepare(sql);
        };
      }
      const value = Reflect.get(target, property);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return { db, reads: () => prepared };
}

async function fetchPage(path: string, bindings = env) {
  const ctx = createExecutionContext();
  const res = await createApp().fetch(new Request(`https://herald.test${path}`), bindings, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

describe("article pages at the edge", () => {
  it("400 crawlers fetching a just-published article cause one database read and one render", async () => {
    await adminApi("PUT", "/mastodon-herd", htmlArticleInput({ title: "Shared on Mastodon" }));
    const { db, reads } = countingDb();
    const app = createApp();
    const responses = await Promise.all(
      Array.from({ length: 400 }, () =>
        app.fetch(new Request("https://herald.test/articles/mastodon-herd"), { ...env, DB: db }, createExecutionContext()),
      ),
    );
    expect(responses.every((res) => res.status === 200)).toBe(true);
    expect(new Set(responses.map((res) => res.headers.get("ETag"))).size).toBe(1);
    expect(reads()).toBe(1);
    // And the next crawler is served from the edge cache without touching D1.
    await app.fetch(new Request("https://herald.test/articles/mastodon-herd"), { ...env, DB: db }, createExecutionContext());
    expect(reads()).toBe(1);
  });

  it("are purged when the article changes", async () => {
    await adminApi("PUT", "/purged-page", htmlArticleInput({ title: "Before the edit" }));
    expect(await (await fetchPage("/articles/purged-page")).text()).toContain("Before the edit");
    await adminWriteAndSettle("PUT", "purged-page", htmlArticleInput({ title: "After the edit" }));
    expect(await (await fetchPage("/articles/purged-page")).text()).toContain("After the edit");
  });

  it("answer a conditional request with 304", async () => {
    await adminApi("PUT", "/conditional-page", htmlArticleInput());
    const first = await fetchPage("/articles/conditional-page");
    const etag = first.headers.get("ETag") ?? "";
    expect(etag).toMatch(/^".+"$/);
    const ctx = createExecutionContext();
    const again = await createApp().fetch(
      new Request("https://herald.test/articles/conditional-page", { headers: { "If-None-Match": etag } }),
      env,
      ctx,
    );
    expect(again.status).toBe(304);
  });
});

describe("list pages at the edge", () => {
  /** Changes an article's title in D1 behind the app's back: no purge follows. */
  const retitleBehindTheAppsBack = (slug: string, title: string) =>
    env.DB.prepare("UPDATE articles SET title = ? WHERE slug = ?").bind(title, slug).run();

  for (const [name, path] of [
    ["the home page", "/"],
    ["an author page", "/authors/list-cache-author"],
    ["a category page", "/categories/list-cache-section"],
  ] as const) {
    it(`keeps the first page of ${name}, and a write through the admin API purges it`, async () => {
      const slug = `list-cache-${path.length}`;
      const article = (title: string) =>
        htmlArticleInput({ title, authors: [{ name: "List Cache Author" }], section: "List Cache Section", publishedAt: "2026-01-02" });
      expect((await adminWriteAndSettle("PUT", slug, article(`Listed before ${name}`))).status).toBe(201);
      const first = await fetchPage(path);
      expect(first.status).toBe(200);
      expect(first.headers.get("Cache-Control")).toBe("public, max-age=60, stale-while-revalidate=300, stale-if-error=86400");
      expect(await first.text()).toContain(`Listed before ${name}`);

      await retitleBehindTheAppsBack(slug, `Changed behind the back of the app on ${name}`);
      const second = await fetchPage(path);
      expect(await second.text()).toContain(`Listed before ${name}`);
      // An older page (here: everything before the year 2100) is never kept: it reads D1.
      const older = await fetchPage(`${path}?before=${encodeCursor({ publishedAt: "2100-01-01T00:00:00.000Z", id: "z" })}`);
      expect(await older.text()).toContain(`Changed behind the back of the app on ${name}`);

      expect((await adminWriteAndSettle("PUT", slug, article(`Listed after ${name}`))).status).toBe(200);
      expect(await (await fetchPage(path)).text()).toContain(`Listed after ${name}`);
    });
  }

  it("purges the list pages of the scope an article left", async () => {
    const moving = (author: string) =>
      htmlArticleInput({ title: "Moving article", authors: [{ name: author }], publishedAt: "2026-01-03" });
    await adminWriteAndSettle("PUT", "moving-article", moving("Old Author"));
    expect(await (await fetchPage("/authors/old-author")).text()).toContain("Moving article");
    await adminWriteAndSettle("PUT", "moving-article", moving("New Author"));
    expect((await fetchPage("/authors/old-author")).status).toBe(404);
    expect(await (await fetchPage("/authors/new-author")).text()).toContain("Moving article");
  });
});
