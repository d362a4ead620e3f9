import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { Article } from "../../src/articles/model";
import { changedPages } from "../../src/publish/purge-list";
import { siteConfig } from "../../src/site/config";

const site = siteConfig(env);

function article(overrides: Partial<Article>): Article {
  return {
    id: "a1",
    slug: "a-story",
    title: "A story",
    bodyHtml: "<p>x</p>",
    authors: [{ name: "Jane Roe", slug: "jane-roe" }],
    section: { name: "World", slug: "world" },
    tags: [],
    publishedAt: "2026-01-01T00:00:00.000Z",
    updatedAt: "2026-01-01T00:00:00.000Z",
    createdAt: "2026-01-01T00:00:00.000Z",
    status: "published",
    canonicalUrl: "https://news.example/articles/a-story",
    hasCanonicalOverride: false,
    contentHash: "h",
    source: { kind: "api" },
    ...overrides,
  } as Article;
}

describe("changedPages", () => {
  it("lists the article's pages, the home page and the list page of every scope it was or is in", () => {
    const before = article({});
    const after = article({
      slug: "a-story-renamed",
      authors: [{ name: "Bo Li", slug: "bo-li" }],
      section: { name: "Middle East", slug: "middle-east" },
    });
    expect(changedPages(site, { before, after }).sort()).toEqual(
      [
        "https://news.example/",
        "https://news.example/articles/a-story",
        "https://news.example/articles/a-story-renamed",
        "https://news.example/authors/jane-roe",
        "https://news.example/authors/bo-li",
        "https://news.example/categories/world",
        "https://news.example/categories/middle-east",
      ].sort(),
    );
  });

  it("lists no author or category page for a draft that never was published, and each page once", () => {
    const draft = article({ status: "draft" });
    expect(changedPages(site, { before: draft, after: draft })).toEqual(["https://news.example/articles/a-story", "https://news.example/"]);
  });
});
