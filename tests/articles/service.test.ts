import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ArticleRepository } from "../../src/articles/repository";
import { putArticle } from "../../src/articles/service";
import { SLUG_RULE } from "../../src/articles/slug";
import { HttpError } from "../../src/http/errors";
import { siteConfig } from "../../src/site/config";
import { htmlArticleInput, tableCounts } from "../helpers";

const site = siteConfig(env);
const repo = () => new ArticleRepository(env.DB, site.url);
const NOW = "2026-01-01T00:00:00.000Z";

describe("putArticle checks the slug it is given, whoever calls it", () => {
  for (const slug of ["Not_A_Slug", "", "two--hyphens", "-leading", "trailing-", "UPPER", "a/b", "x".repeat(121), "cafe\u0301"]) {
    it(`refuses ${JSON.stringify(slug.length > 20 ? `${slug.slice(0, 10)}… (${slug.length})` : slug)} with the admin API's 422, writing nothing`, async () => {
      const before = await tableCounts();
      const error = await putArticle(repo(), site, slug, htmlArticleInput(), NOW).then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(error).toBeInstanceOf(HttpError);
      expect(error).toMatchObject({
        status: 422,
        message: "invalid article",
        details: [{ field: "slug", message: `must be ${SLUG_RULE}` }],
      });
      expect(await tableCounts()).toEqual(before);
    });
  }

  it("stores a valid one", async () => {
    const outcome = await putArticle(repo(), site, "a-valid-slug", htmlArticleInput(), NOW);
    expect(outcome.created).toBe(true);
    expect(outcome.article.slug).toBe("a-valid-slug");
  });
});
