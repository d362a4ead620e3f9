import { Hono } from "hono";
import * as v from "valibot";
import type { AppEnv } from "../env";
import { requireAdmin } from "../http/admin-auth";
import { ApiError } from "../http/errors";
import { limitBody, readJsonBody } from "../http/json-body";
import { afterArticleChange } from "./after-change";
import { MAX_REQUEST_BYTES } from "./input";
import { SLUG_RULE, isSlug } from "./slug";
import type { Article } from "./model";
import { decodeCursor, encodeCursor } from "./cursor";
import { ArticleRepository } from "./repository";
import { deleteArticle, putArticle } from "./service";

/**
 * The article as the admin API returns it. Every field is one PUT accepts, so what GET
 * returns can be sent back unchanged.
 */
export function toApiArticle(article: Article) {
  return {
    id: article.id,
    slug: article.slug,
    title: article.title,
    dek: article.dek ?? null,
    bodyHtml: article.bodyHtml,
    authors: article.authors,
    section: article.section ?? null,
    tags: article.tags,
    leadImage: article.leadImage ?? null,
    canonicalUrl: article.canonicalUrl,
    publishedAt: article.publishedAt,
    updatedAt: article.updatedAt,
    status: article.status,
    source: article.source,
    contentHash: article.contentHash,
    createdAt: article.createdAt,
  };
}

/** The slug from the path, or a 404 that says why it cannot name an article. */
function slugParam(slug: string): string {
  if (!isSlug(slug)) throw new ApiError(404, "article not found", [`"${slug}" is not a valid slug: ${SLUG_RULE}`]);
  return slug;
}

const ListQuerySchema = v.object({
  limit: v.optional(
    v.pipe(v.string(), v.transform(Number), v.integer("limit must be a whole number"), v.minValue(1, "limit must be at least 1"), v.maxValue(100, "limit must be at most 100")),
    "20",
  ),
  status: v.optional(v.picklist(["draft", "published", "deleted", "any"], "status must be draft, published, deleted or any"), "any"),
  cursor: v.optional(v.string()),
});

/** Admin API: `/api/articles…`, bearer ADMIN_TOKEN, JSON in and out. */
export const articlesApi = new Hono<AppEnv>()
  .use("*", requireAdmin())
  .get("/", async (c) => {
    const query = v.safeParse(ListQuerySchema, c.req.query());
    if (!query.success) throw new ApiError(400, "invalid query", query.issues.map((issue) => issue.message));
    const { limit, status, cursor } = query.output;
    const repo = new ArticleRepository(c.env.DB, c.var.site.url);
    const after = cursor ? decodeCursor(cursor) : undefined;
    if (after === null) throw new ApiError(400, "invalid cursor", ["pass the nextCursor of a previous page unchanged"]);
    const page = await repo.list({ limit, status, after });
    return c.json({
      articles: page.articles.map(toApiArticle),
      nextCursor: page.next ? encodeCursor(page.next) : null,
    });
  })
  .get("/:slug", async (c) => {
    const slug = slugParam(c.req.param("slug"));
    const article = await new ArticleRepository(c.env.DB, c.var.site.url).getBySlug(slug);
    if (!article) throw new ApiError(404, "article not found", [`no article has the slug ${slug}`]);
    return c.json(toApiArticle(article));
  })
  .put("/:slug", limitBody(MAX_REQUEST_BYTES), async (c) => {
    const slug = c.req.param("slug");
    if (!isSlug(slug)) throw new ApiError(422, "invalid article", [{ field: "slug", message: `must be ${SLUG_RULE}` }]);
    const body = await readJsonBody(c);
    const repo = new ArticleRepository(c.env.DB, c.var.site.url);
    const outcome = await putArticle(repo, c.var.site, slug, body, new Date().toISOString());
    if (outcome.changed) c.executionCtx.waitUntil(afterArticleChange(c.env, c.var.site, outcome.previous, outcome.article));
    const payload = {
      article: toApiArticle(outcome.article),
      created: outcome.created,
      changed: outcome.changed,
      renamedFrom: outcome.renamedFrom ?? null,
      ...outcome.report,
    };
    if (outcome.created) {
      return c.json(payload, 201, { Location: `/api/articles/${outcome.article.slug}` });
    }
    return c.json(payload, 200);
  })
  .delete("/:slug", async (c) => {
    const slug = slugParam(c.req.param("slug"));
    const { article, changed, previous } = await deleteArticle(new ArticleRepository(c.env.DB, c.var.site.url), slug, new Date().toISOString());
    if (changed) c.executionCtx.waitUntil(afterArticleChange(c.env, c.var.site, previous, article));
    return c.json(toApiArticle(article));
  });
