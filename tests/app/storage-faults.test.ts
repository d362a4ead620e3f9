import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { type AppDeps, createApp } from "../../src/app/create-app";
import { purgeEdgeCache, STALE_HEADER } from "../../src/http/edge-cache";
import { type D1Fault, failingD1 } from "../faults";
import { adminApi, adminWriteAndSettle, appFetch, htmlArticleInput, SITE } from "../helpers";

// Reads while D1 fails: answers served before come back from their stale copy; others are a
// clear 503 with Retry-After in the route's own form, never a broken 200 and never a 500.

const SLUG = "outage-reader";
const UNSEEN = "outage-unseen";

/** One request through the app with D1 failing as `fault` (a short deadline for "hang"). */
async function fetchWith(fault: D1Fault | undefined, path: string, init: RequestInit = {}, deps: AppDeps = {}): Promise<Response> {
  const bindings = fault === undefined ? env : { ...env, DB: failingD1(env.DB, fault) };
  return appFetch(path, { deps: { storage: { deadlineMs: 50 }, ...deps }, bindings, init });
}

/**
 * The fresh tiers let go of `key` as they do once its max-age has passed: the Cache API entry
 * is deleted (it would drop it at 60 s) and the clock moves past the memory tier's 5 s.
 */
async function expireFreshCopies(key: string): Promise<void> {
  await caches.default.delete(key);
  vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 10 * 60_000 });
}

afterEach(() => {
  vi.useRealTimers();
});

beforeAll(async () => {
  expect((await adminApi("PUT", `/${SLUG}`, htmlArticleInput({ title: "Served before the outage" }))).status).toBe(201);
  expect((await adminApi("PUT", `/${UNSEEN}`, htmlArticleInput({ title: "Never asked for" }))).status).toBe(201);
});

function expectOutage(res: Response, contentType: RegExp): void {
  expect(res.status).toBe(503);
  expect(res.headers.get("Retry-After")).toBe("30");
  expect(res.headers.get("Cache-Control")).toBe("no-store");
  expect(res.headers.get("Content-Type")).toMatch(contentType);
}

describe("D1 unavailable: answers served before", () => {
  it("an article page comes back from its stale copy, marked, with its Age, when D1 throws", async () => {
    const fresh = await fetchWith(undefined, `/articles/${SLUG}`);
    expect(fresh.status).toBe(200);
    const html = await fresh.text();
    await expireFreshCopies(`${SITE}/articles/${SLUG}`);

    const stale = await fetchWith("throw", `/articles/${SLUG}`);
    expect(stale.status).toBe(200);
    expect(stale.headers.get(STALE_HEADER)).toBe("storage-unavailable");
    expect(Number(stale.headers.get("Age"))).toBeGreaterThanOrEqual(600);
    expect(stale.headers.get("Cache-Control")).toBe(fresh.headers.get("Cache-Control"));
    expect(stale.headers.get("ETag")).toBe(fresh.headers.get("ETag"));
    expect(stale.headers.has("X-Herald-Stored-At")).toBe(false);
    expect(await stale.text()).toBe(html);
  });

  it("and when D1 hangs: the deadline ends the wait", async () => {
    expect((await fetchWith(undefined, `/articles/${SLUG}`)).status).toBe(200);
    await expireFreshCopies(`${SITE}/articles/${SLUG}`);
    const stale = await fetchWith("hang", `/articles/${SLUG}`);
    expect(stale.status).toBe(200);
    expect(stale.headers.get(STALE_HEADER)).toBe("storage-unavailable");
    expect(await stale.text()).toContain("Served before the outage");
  });

  it("RSS, Atom and JSON feeds come back from their stale copies, 304 included", async () => {
    for (const file of ["feed.xml", "atom.xml", "feed.json"]) {
      const fresh = await fetchWith(undefined, `/${file}`);
      expect(fresh.status, file).toBe(200);
      const body = await fresh.text();
      expect(body, file).toContain("Served before the outage");
      await expireFreshCopies(`${SITE}/${file}`);
      const stale = await fetchWith("throw", `/${file}`);
      expect(stale.status, file).toBe(200);
      expect(stale.headers.get(STALE_HEADER), file).toBe("storage-unavailable");
      expect(stale.headers.get("Content-Type"), file).toBe(fresh.headers.get("Content-Type"));
      expect(await stale.text(), file).toBe(body);
      const conditional = await fetchWith("throw", `/${file}`, { headers: { "If-None-Match": fresh.headers.get("ETag") ?? "" } });
      expect(conditional.status, file).toBe(304);
      vi.useRealTimers();
    }
  });

  it("a purge removes the stale copy too: a corrected article is not brought back by an outage", async () => {
    const slug = "outage-corrected";
    await adminWriteAndSettle("PUT", slug, htmlArticleInput({ title: "The wrong headline" }));
    expect(await (await fetchWith(undefined, `/articles/${slug}`)).text()).toContain("The wrong headline");
    // The correction purges the page (publishChange), fresh and stale copies alike.
    await adminWriteAndSettle("PUT", slug, htmlArticleInput({ title: "The corrected headline" }));
    const during = await fetchWith("throw", `/articles/${slug}`);
    expect(during.status).toBe(503);
    expect(await during.text()).not.toContain("The wrong headline");

    // Purged directly, as a takedown would be: no stale copy survives.
    expect(await (await fetchWith(undefined, `/articles/${slug}`)).text()).toContain("The corrected headline");
    await purgeEdgeCache([`${SITE}/articles/${slug}`]);
    expect((await fetchWith("throw", `/articles/${slug}`)).status).toBe(503);
  });
});

describe("D1 unavailable: answers never served", () => {
  it("an article page is the HTML 503 page, not a 500 or a 404", async () => {
    for (const fault of ["throw", "hang"] as const) {
      const res = await fetchWith(fault, `/articles/${UNSEEN}`);
      expectOutage(res, /^text\/html/);
      const html = await res.text();
      expect(html).toContain("<h1>Temporarily unavailable</h1>");
      expect(html).not.toContain("Never asked for");
    }
  });

  it("the home page and an author page are the HTML 503 page", async () => {
    for (const path of ["/", "/authors/jane-roe"]) {
      const res = await fetchWith("throw", path);
      expectOutage(res, /^text\/html/);
      expect(await res.text(), path).toContain("Temporarily unavailable");
    }
  });

  it("feeds never served are a plain-text 503", async () => {
    for (const path of ["/authors/jane-roe/feed.xml", "/feed.xml?limit=5", "/categories/world/feed.json"]) {
      const res = await fetchWith("throw", path);
      expectOutage(res, /^text\/plain/);
      expect(await res.text(), path).toBe("storage unavailable; try again in 30 seconds\n");
    }
  });

  it("the sitemaps are a plain-text 503", async () => {
    for (const path of ["/sitemap.xml", "/news-sitemap.xml", "/sitemap-2.xml"]) {
      const res = await fetchWith("throw", path);
      expectOutage(res, /^text\/plain/);
    }
  });

  it("oEmbed is a JSON 503", async () => {
    const url = encodeURIComponent(`${SITE}/articles/${SLUG}`);
    const res = await fetchWith("hang", `/oembed?url=${url}&format=json`);
    expectOutage(res, /^application\/json/);
    expect(await res.json()).toEqual({
      error: "storage unavailable",
      details: ["the article store did not answer; try again in 30 seconds"],
    });
  });

  it("a share link is a plain-text 503 (the article cannot be known, so neither can its share intent)", async () => {
    const res = await fetchWith("throw", `/share/${SLUG}/x`, {
      headers: { "User-Agent": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148" },
      redirect: "manual",
    });
    expectOutage(res, /^text\/plain/);
    expect(res.headers.get("Location")).toBeNull();
    expect(res.headers.get("X-Robots-Tag")).toBe("noindex, nofollow");
  });

  it("the public share totals are a JSON 503", async () => {
    expectOutage(await fetchWith("throw", `/api/articles/${SLUG}/shares`), /^application\/json/);
  });

  it("/healthz says D1 is unavailable, with Retry-After", async () => {
    for (const fault of ["throw", "hang"] as const) {
      const res = await fetchWith(fault, "/healthz");
      expect(res.status).toBe(503);
      expect(res.headers.get("Retry-After")).toBe("30");
      expect(await res.json()).toEqual({ status: "error", d1: "unavailable" });
    }
  });
});

describe("an outage is not a bug", () => {
  it("a statement D1 rejects as wrong stays a 500, logged", async () => {
    const broken = new Proxy(env.DB, {
      get(target, property) {
        if (property === "prepare") return () => target.prepare("SELECT * FROM no_such_table");
        const value = Reflect.get(target, property);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    const ctx = createExecutionContext();
    const res = await createApp().fetch(new Request(`https://herald.test/articles/${UNSEEN}`), { ...env, DB: broken }, ctx);
    expect(res.status).toBe(500);
    expect(res.headers.has("Retry-After")).toBe(false);
    expect(await res.json()).toEqual({ error: "internal error", details: [] });
  });
});
