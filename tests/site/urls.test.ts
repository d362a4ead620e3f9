import { describe, expect, it } from "vitest";
import {
  adminArticlePath,
  articleSlugFromUrl,
  articleUrl,
  authorUrl,
  canonicalRequestUrl,
  cardUrl,
  feedUrl,
  isSiteUrl,
  oembedUrl,
  parseCardFile,
  SITE_SCOPE,
  scopeUrl,
  shareUrl,
  sitemapPageFromFile,
  sitemapPageUrl,
  slugFromParam,
  unversionedCardUrl,
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

  it("percent-encode a Unicode slug (UTF-8, upper-case hex) in every URL they build", () => {
    const slug = "חדשות-היום";
    const encoded = "%D7%97%D7%93%D7%A9%D7%95%D7%AA-%D7%94%D7%99%D7%95%D7%9D";
    expect(articleUrl(SITE, slug)).toBe(`${SITE}/articles/${encoded}`);
    expect(authorUrl(SITE, slug)).toBe(`${SITE}/authors/${encoded}`);
    expect(scopeUrl(SITE, { kind: "category", slug })).toBe(`${SITE}/categories/${encoded}`);
    expect(feedUrl(SITE, { kind: "author", slug }, "atom", { page: 2, limit: 20 })).toBe(`${SITE}/authors/${encoded}/atom.xml?page=2`);
    expect(cardUrl(SITE, slug, "abc", { frame: "", extension: "png" })).toBe(`${SITE}/cards/${encoded}.png?v=abc`);
    expect(cardUrl(SITE, slug, "abc", { frame: "4x3", extension: "jpg" })).toBe(`${SITE}/cards/${encoded}.4x3.jpg?v=abc`);
    expect(unversionedCardUrl(SITE, slug, { frame: "", extension: "jpg" })).toBe(`${SITE}/cards/${encoded}.jpg`);
    expect(shareUrl(SITE, slug, "x")).toBe(`${SITE}/share/${encoded}/x`);
    expect(adminArticlePath(slug)).toBe(`/api/articles/${encoded}`);
    expect(new URL(oembedUrl(SITE, slug)).searchParams.get("url")).toBe(`${SITE}/articles/${encoded}`);
    // What a browser's URL parser makes of the raw letters: the key a request arrives at.
    expect(new URL(`${SITE}/articles/${slug}`).href).toBe(articleUrl(SITE, slug));
  });

  it("read a Unicode slug back decoded and in NFC, whatever the hex case or normal form", () => {
    const slug = "αθήνα";
    expect(articleSlugFromUrl(SITE, articleUrl(SITE, slug))).toBe(slug);
    expect(articleSlugFromUrl(SITE, articleUrl(SITE, slug).toLowerCase())).toBe(slug);
    expect(articleSlugFromUrl(SITE, articleUrl(SITE, slug.normalize("NFD")))).toBe(slug);
    expect(articleSlugFromUrl(SITE, `${SITE}/articles/${slug}/?utm_source=x`)).toBe(slug);
    // Not UTF-8: returned as it is, for isSlug to refuse.
    expect(articleSlugFromUrl(SITE, `${SITE}/articles/bad%e2%82`)).toBe("bad%e2%82");
    // Route parameters come decoded from Hono: the file name parser and slugFromParam only normalise.
    const file = decodeURIComponent(
      new URL(cardUrl(SITE, slug, "abc", { frame: "1x1", extension: "png" })).pathname.split("/").pop() ?? "",
    );
    expect(parseCardFile(file)).toEqual({ slug, file: { frame: "1x1", extension: "png" } });
    expect(parseCardFile(`${slug.normalize("NFD")}.png`)?.slug).toBe(slug);
    expect(slugFromParam(slug.normalize("NFD"))).toBe(slug);
    expect(slugFromParam("%61")).toBe("%61");
  });
});
