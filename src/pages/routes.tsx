import { Hono, type Context } from "hono";
import type { AppEnv } from "../env";
import { decodeCursor, encodeCursor } from "../articles/cursor";
import { articlePath } from "../articles/model";
import { ArticleRepository } from "../articles/repository";
import { isSlug } from "../articles/slug";
import { feedLinks } from "../feeds/discovery";
import { describeScope } from "../feeds/build";
import { SITE_SCOPE, scopeFilter, scopeKey, type FeedScope } from "../feeds/scope";
import { ArticleListPage } from "./article-list-page";
import { ArticlePage } from "./article-page";
import { ErrorPage } from "./error-page";

const LIST_PAGE_SIZE = 20;

/** The newest articles of a scope (site, author, category), with its feeds announced. */
async function listPage(c: Context<AppEnv>, scope: FeedScope) {
  const site = c.var.site;
  const before = c.req.query("before");
  const after = before ? decodeCursor(before) : undefined;
  if (after === null) {
    return c.html(<ErrorPage site={site} heading="Invalid page link" message="This link to older articles is broken." />, 400);
  }
  const repo = new ArticleRepository(c.env.DB, site.url);
  let name: string | undefined;
  if (scope.kind !== "site") {
    const summary = await repo.scopeSummary(scopeFilter(scope), scopeKey(scope));
    if (summary.published === 0 || !summary.name) return notFoundPage(c);
    name = summary.name;
  }
  const described = describeScope(scope, name, site);
  const page = await repo.list({ ...scopeFilter(scope), limit: LIST_PAGE_SIZE, after });
  const canonicalUrl = described.homeUrl;
  return c.html(
    <ArticleListPage
      site={site}
      heading={name ?? "Latest news"}
      description={described.description}
      canonicalUrl={canonicalUrl}
      feeds={feedLinks(site, scope, described.title)}
      articles={page.articles}
      olderHref={page.next ? `${canonicalUrl}?before=${encodeCursor(page.next)}` : undefined}
    />,
  );
}

/** Public HTML pages: home, author and category listings, one page per published article. */
export const pages = new Hono<AppEnv>()
  .get("/", (c) => listPage(c, SITE_SCOPE))
  .get("/authors/:slug", (c) => {
    const slug = c.req.param("slug");
    return isSlug(slug) ? listPage(c, { kind: "author", slug }) : notFoundPage(c);
  })
  .get("/categories/:slug", (c) => {
    const slug = c.req.param("slug");
    return isSlug(slug) ? listPage(c, { kind: "category", slug }) : notFoundPage(c);
  })
  .get("/articles/:slug", async (c) => {
    const site = c.var.site;
    const slug = c.req.param("slug");
    if (!isSlug(slug)) return notFoundPage(c);
    const repo = new ArticleRepository(c.env.DB, site.url);
    const article = await repo.getBySlug(slug);
    // An old slug of a renamed article stands for it: 301 to the current URL, 410 if deleted.
    const renamed = article ? undefined : await repo.findRenamedSlug(slug);
    const status = article?.status ?? renamed?.status;

    if (article?.status === "published") return c.html(<ArticlePage site={site} article={article} />);
    if (renamed?.status === "published") return c.redirect(`${site.url}${articlePath(renamed.slug)}`, 301);
    if (status === "deleted") {
      return c.html(<ErrorPage site={site} heading="Article removed" message="This article has been removed." />, 410);
    }
    return notFoundPage(c);
  });

/** The HTML 404 page, also used by the app for any unknown path outside the API. */
export function notFoundPage(c: Context<AppEnv>) {
  return c.html(
    <ErrorPage site={c.var.site} heading="Page not found" message="There is no article at this address." />,
    404,
  );
}
