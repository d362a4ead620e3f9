import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { ArticleRepository } from "../../src/articles/repository";
import { putArticle } from "../../src/articles/service";
import { htmlArticleInput, SITE } from "../helpers";

const repo = new ArticleRepository(env.DB, SITE);
const put = (slug: string, fields: Record<string, unknown>) =>
  putArticle(
    repo,
    { url: SITE, name: "FISM News", publisherName: "FISM News" },
    slug,
    htmlArticleInput(fields),
    "2026-06-01T00:00:00.000Z",
  );

beforeAll(async () => {
  await put("r-economy", { publishedAt: "2025-01-01", authors: ["Ana Silva"], section: "Business", tags: ["Oil"] });
  await put("r-election", { publishedAt: "2025-01-02", authors: ["Ana Silva", "Bo Li"], section: "World", tags: ["Iraq", "Oil"] });
  await put("r-drones", { publishedAt: "2025-01-03", authors: ["Bo Li"], section: "World", tags: ["Iraq"] });
  await put("r-draft", { publishedAt: "2025-01-04", authors: ["Bo Li"], section: "World", status: "draft" });
});

const slugs = (page: { articles: { slug: string }[] }) => page.articles.map((a) => a.slug);

describe("article repository", () => {
  it("lists by author, newest first, published only", async () => {
    expect(slugs(await repo.list({ limit: 10, authorSlug: "bo-li" }))).toEqual(["r-drones", "r-election"]);
    expect(slugs(await repo.list({ limit: 10, authorSlug: "ana-silva" }))).toEqual(["r-election", "r-economy"]);
  });

  it("lists by section and by tag", async () => {
    expect(slugs(await repo.list({ limit: 10, sectionSlug: "world" }))).toEqual(["r-drones", "r-election"]);
    expect(slugs(await repo.list({ limit: 10, tagSlug: "oil" }))).toEqual(["r-election", "r-economy"]);
    expect(slugs(await repo.list({ limit: 10, tagSlug: "iraq", authorSlug: "ana-silva" }))).toEqual(["r-election"]);
  });

  it("pages by keyset without gaps or repeats", async () => {
    const first = await repo.list({ limit: 2, sectionSlug: "world", status: "any" });
    expect(slugs(first)).toEqual(["r-draft", "r-drones"]);
    const second = await repo.list({ limit: 2, sectionSlug: "world", status: "any", after: first.next });
    expect(slugs(second)).toEqual(["r-election"]);
    expect(second.next).toBeUndefined();
  });

  it("keeps authors and tags in the order given", async () => {
    const article = await repo.getBySlug("r-election");
    expect(article?.authors.map((a) => a.name)).toEqual(["Ana Silva", "Bo Li"]);
    expect(article?.tags.map((t) => t.slug)).toEqual(["iraq", "oil"]);
  });

  it("reads a feed page and its scope's summary in one query, as the list and the summary read them apart", async () => {
    for (const [filter, key] of [
      [{}, "site"],
      [{ authorSlug: "bo-li" }, "author:bo-li"],
      [{ sectionSlug: "world" }, "category:world"],
    ] as const) {
      const together = await repo.feedPage(filter, key, { limit: 1, offset: 1 });
      expect(slugs(together), key).toEqual(slugs(await repo.list({ ...filter, limit: 1, offset: 1 })));
      expect(together.summary, key).toEqual(await repo.scopeSummary(filter, key));
    }
    const bo = await repo.feedPage({ authorSlug: "bo-li" }, "author:bo-li", { limit: 10, offset: 0 });
    // The draft counts for nobody: two published articles, named as the newest spells it.
    expect(bo.summary).toMatchObject({ published: 2, name: "Bo Li" });
    expect(bo.summary.lastChange).toMatch(/^2026-06-01T/);
    expect(slugs(bo)).toEqual(["r-drones", "r-election"]);
  });

  it("still gives the summary for a feed page past the last article", async () => {
    const past = await repo.feedPage({ sectionSlug: "world" }, "category:world", { limit: 10, offset: 10 });
    expect(past.articles).toEqual([]);
    expect(past.summary).toMatchObject({ published: 2, name: "World" });
    const nobody = await repo.feedPage({ authorSlug: "nobody" }, "author:nobody", { limit: 10, offset: 0 });
    expect(nobody).toEqual({ articles: [], summary: { published: 0, name: null, lastChange: null } });
  });

  it("treats hostile slugs as data, not SQL", async () => {
    expect(await repo.getBySlug("x' OR '1'='1")).toBeUndefined();
    expect((await repo.list({ limit: 10, authorSlug: "' OR 1=1 --" })).articles).toEqual([]);
  });
});
