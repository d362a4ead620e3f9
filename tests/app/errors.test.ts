import { beforeAll, describe, expect, it } from "vitest";
import { adminApi, request, seedArticleInput } from "../helpers";

const SEED_SLUG = "iraqi-prime-minister-survives-drone-attack";

beforeAll(async () => {
  expect((await adminApi("PUT", `/${SEED_SLUG}`, seedArticleInput())).status).toBe(201);
});

describe("error answers", () => {
  it("come in their route's form and are never cached", async () => {
    const cases: [path: string, status: number, type: RegExp][] = [
      ["/api/articles/nope/shares", 404, /^application\/json/],
      ["/api/nothing-here", 404, /^application\/json/],
      ["/oembed?url=https://elsewhere.example/x", 404, /^application\/json/],
      ["/feed.xml?limit=0", 400, /^text\/plain/],
      ["/authors/nobody/feed.xml", 404, /^text\/plain/],
      ["/cards/nope.png", 404, /^text\/plain/],
      ["/share/nope/x", 404, /^text\/plain/],
      ["/sitemap-9.xml", 404, /^text\/plain/],
      ["/articles/nope", 404, /^text\/html/],
      ["/articles/Not_A_Slug", 404, /^text\/html/],
      ["/?before=garbage", 400, /^text\/html/],
      ["/no/such/page", 404, /^text\/html/],
    ];
    for (const [path, status, type] of cases) {
      const res = await request(path);
      expect(res.status, path).toBe(status);
      expect(res.headers.get("Content-Type"), path).toMatch(type);
      expect(res.headers.get("Cache-Control"), path).toBe("no-store");
      expect(res.headers.get("Content-Security-Policy"), path).toMatch(/^default-src 'none'/);
    }
  });

  it("say what is wrong: JSON names the problem, a page offers the way home", async () => {
    const json = await (await request("/api/articles/nope/shares")).json<{ error: string; details: string[] }>();
    expect(json).toEqual({ error: "article not found", details: ["no published article has the slug nope"] });
    expect(await (await request("/feed.xml?limit=0")).text()).toBe("limit must be a whole number from 1 to 100\n");
    const page = await (await request("/articles/nope")).text();
    expect(page).toContain("<h1>Page not found</h1>");
    expect(page).toContain('href="https://news.example/"');
  });

  it("keep share answers out of search engines, errors included", async () => {
    for (const path of ["/share/nope/x", `/share/${SEED_SLUG}/pocket`, `/share/${SEED_SLUG}/x`]) {
      const res = await request(path, { redirect: "manual" });
      expect(res.headers.get("X-Robots-Tag"), path).toBe("noindex, nofollow");
      expect(res.headers.get("Cache-Control"), path).toBe("no-store");
    }
  });
});

describe("the admin token", () => {
  it("guards the admin paths only: public share totals below them need none", async () => {
    expect((await request(`/api/articles/${SEED_SLUG}/shares`)).status).toBe(200);
    for (const path of ["/api/articles", `/api/articles/${SEED_SLUG}`]) {
      const res = await request(path);
      expect(res.status, path).toBe(401);
      expect(res.headers.get("Cache-Control"), path).toBe("no-store");
      expect(res.headers.get("Content-Type"), path).toMatch(/^application\/json/);
    }
    expect((await request(`/api/articles/${SEED_SLUG}`, { method: "DELETE" })).status).toBe(401);
  });
});
