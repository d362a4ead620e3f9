import { describe, expect, it } from "vitest";
import {
  articleSlugFromUrl,
  articleUrl,
  canonicalRequestUrl,
  cardUrl,
  feedUrl,
  isSiteUrl,
  oembedUrl,
  parseCardFile,
  SITE_SCOPE,
  scopeUrl,
  sitemapPageFromFile,
  sitemapPageUrl,
} from "../../src/site/urls";

const SITE = "https://news.example";

describe("site URLs", () => {
  it("read back what they build", () => {
    expect(articleSlugFromUrl(SITE, articleUrl(SITE, "iraq-drone"))).toBe("iraq-drone");
    for (const file of [
      { frame: "", extension: "png" },
      { frame: "16x9", extension: "jpg" },
      { frame: "1x1", extension: "png" },
    ] as const) {
      const name = new URL(cardUrl(SITE, "iraq-drone", "abc", file)).pathname.split("/").pop() ?? "";
      expect(parseCardFile(name)).toEqual({ slug: "iraq-drone", file });
    }
    expect(sitemapPageFromFile(new URL(sitemapPageUrl(SITE, 7)).pathname.slice(1))).toBe(7);
  });

  it("find an article's slug past a query, fragment or trailing slash, and only on SITE_URL", () => {
    expect(articleSlugFromUrl(SITE, `${SITE}/articles/iraq?utm_source=x#top`)).toBe("iraq");
    expect(articleSlugFromUrl(SITE, `${SITE}/articles/iraq/`)).toBe("iraq");
    expect(articleSlugFromUrl(SITE, "https://news.example.evil/articles/iraq")).toBeUndefined();
    expect(articleSlugFromUrl(SITE, `${SITE}/authors/iraq`)).toBeUndefined();
    for (const name of ["iraq.gif", "iraq", "iraq.2x1.png", "iraq.og.jpg", ".png"]) expect(parseCardFile(name), name).toBeUndefined();
  });

  it("spell a feed page one way: defaults left out, limit before page", () => {
    expect(feedUrl(SITE, SITE_SCOPE, "rss")).toBe(`${SITE}/feed.xml`);
    expect(feedUrl(SITE, SITE_SCOPE, "rss", { page: 1, limit: 20 })).toBe(`${SITE}/feed.xml`);
    expect(feedUrl(SITE, { kind: "author", slug: "jane-roe" }, "atom", { page: 3, limit: 50 })).toBe(
      `${SITE}/authors/jane-roe/atom.xml?limit=50&page=3`,
    );
    expect(feedUrl(SITE, { kind: "category", slug: "world" }, "json", { page: 2, limit: 20 })).toBe(
      `${SITE}/categories/world/feed.json?page=2`,
    );
  });

  it("put listing pages and their feeds in the same folder", () => {
    const author = { kind: "author", slug: "jane-roe" } as const;
    expect(feedUrl(SITE, author, "rss").startsWith(`${scopeUrl(SITE, author)}/`)).toBe(true);
    expect(scopeUrl(SITE, SITE_SCOPE)).toBe(`${SITE}/`);
  });

  it("key a request by SITE_URL, never by the Host it came to", () => {
    expect(canonicalRequestUrl(SITE, "https://attacker.example:8443/feed.xml?page=2")).toBe(`${SITE}/feed.xml?page=2`);
    expect(canonicalRequestUrl(`${SITE}/news`, "http://localhost:8787/articles/x")).toBe(`${SITE}/news/articles/x`);
  });

  it("keep URLs of other hosts out of the site", () => {
    expect(isSiteUrl(SITE, `${SITE}/articles/x`)).toBe(true);
    expect(isSiteUrl(SITE, "https://news.example.org/articles/x")).toBe(false);
  });

  it("encode the article URL inside the oEmbed link", () => {
    const url = new URL(oembedUrl(SITE, "iraq"));
    expect(url.origin + url.pathname).toBe(`${SITE}/oembed`);
    expect(url.searchParams.get("url")).toBe(`${SITE}/articles/iraq`);
    expect(url.searchParams.get("format")).toBe("json");
  });
});
