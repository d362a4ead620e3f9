import { type Context, Hono } from "hono";
import * as v from "valibot";
import type { AppEnv } from "../articles/context";
import { decodeCursor, encodeCursor } from "../articles/cursor";
import { MAX_REQUEST_BYTES } from "../articles/input";
import type { Article } from "../articles/model";
import { deleteArticle, putArticle } from "../articles/service";
import { isSlug, SLUG_RULE } from "../articles/slug";
import { requireAdmin } from "../http/admin-auth";
import { HttpError } from "../http/errors";
import { limitBody, readJsonBody } from "../http/json-body";
import { noStore } from "../http/no-store";
import { publishDeps } from "../publish/deps";
import { publishChange } from "../publish/publish-change";
import { adminArticlePath, ROUTES, slugFromParam } from "../site/urls";
import { listLimit } from "./list-limit";

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

/** The slug from the path (decoded, NFC), or a 404 that says why it cannot name an article. */
function slugParam(param: string): string {
  const slug = slugFromParam(param);
  if (!isSlug(slug)) throw HttpError.json(404, "article not found", [`"${slug}" is not a valid slug: ${SLUG_RULE}`]);
  return slug;
}

const ListQuerySchema = v.object({
  limit: listLimit(100, 20),
  status: v.optional(v.picklist(["draft", "published", "deleted", "any"], "status must be draft, published, deleted or any"), "any"),
  cursor: v.optional(v.string()),
});

/** What a write sets off, after the answer: purges, the new card, WebSub pings. */
function publishAfterAnswer(c: Context<AppEnv>, before: Article | undefined, after: Article): void {
  c.executionCtx.waitUntil(publishChange(publishDeps(c.env, c.var.site), c.var.site, { before, after }));
}

/**
 * Admin API: `/api/articles` and `/api/articles/:slug`, bearer ADMIN_TOKEN, JSON in and out.
 * The token (and no-store on every answer) guards exactly these two paths, so a public route
 * below them (share totals, cached a minute) needs no particular order.
 */
export const articlesApi = new Hono<AppEnv>()
  .use(ROUTES.adminArticles, noStore(), requireAdmin())
  .use(ROUTES.adminArticle, noStore(), requireAdmin())
  .get(ROUTES.adminArticles, async (c) => {
    const query = v.safeParse(ListQuerySchema, c.req.query());
    if (!query.success)
      throw HttpError.json(
        400,
        "invalid query",
        query.issues.map((issue) => issue.message),
      );
    const { limit, status, cursor } = query.output;
    const after = cursor ? decodeCursor(cursor) : undefined;
    if (after === null) throw HttpError.json(400, "invalid cursor", ["pass the nextCursor of a previous page unchanged"]);
    const page = await c.var.articles.list({ limit, status, after });
    return c.json({
      articles: page.articles.map(toApiArticle),
      nextCursor: page.next ? encodeCursor(page.next) : null,
    });
  })
  .get(ROUTES.adminArticle, async (c) => {
    const slug = slugParam(c.req.param("slug"));
    const article = await c.var.articles.getBySlug(slug);
    if (!article) throw HttpError.json(404, "article not found", [`no article has the slug ${slug}`]);
    return c.json(toApiArticle(article));
  })
  .put(ROUTES.adminArticle, limitBody(MAX_REQUEST_BYTES), async (c) => {
    // putArticle refuses a slug that is not one, with a 422 on the slug field.
    const slug = slugFromParam(c.req.param("slug"));
    const body = await readJsonBody(c);
    const outcome = await putArticle(c.var.articles, c.var.site, slug, body, new Date().toISOString());
    if (outcome.changed) publishAfterAnswer(c, outcome.previous, outcome.article);
    const payload = {
      article: toApiArticle(outcome.article),
      created: outcome.created,
      changed: outcome.changed,
      renamedFrom: outcome.renamedFrom ?? null,
      ...outcome.report,
    };
    if (outcome.created) {
      return c.json(payload, 201, { Location: adminArticlePath(outcome.article.slug) });
    }
    return c.json(payload, 200);
  })
  .delete(ROUTES.adminArticle, async (c) => {
    const slug = slugParam(c.req.param("slug"));
    const { article, changed, previous } = await deleteArticle(c.var.articles, slug, new Date().toISOString());
    if (changed) publishAfterAnswer(c, previous, article);
    return c.json(toApiArticle(article));
  });
