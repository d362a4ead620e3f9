import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app/create-app";
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
