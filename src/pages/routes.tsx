import { Hono, type Context } from "hono";
import type { AppEnv } from "../env";
import { decodeCursor, encodeCursor } from "../articles/cursor";
import { isSlug } from "../articles/slug";
import { articlePath } from "../articles/model";
import { ArticleRepository } from "../articles/repository";
import { ArticlePage } from "./article-page";
import { ErrorPage } from "./error-page";
import { HomePage } from "./home-page";

const HOME_PAGE_SIZE = 20;

/** Public HTML pages: the home page and one page per published article. */
export const pages = new Hono<AppEnv>()
  .get("/", async (c) => {
    const site = c.var.site;
    const before = c.req.query("before");
    const after = before ? decodeCursor(before) : undefined;
    if (after === null) {
      return c.html(<ErrorPage site={site} heading="Invalid page link" message="This link to older articles is broken." />, 400);
    }
    const page = await new ArticleRepository(c.env.DB, site.url).list({ limit: HOME_PAGE_SIZE, after });
    const olderHref = page.next ? `${site.url}/?before=${encodeCursor(page.next)}` : undefined;
    return c.html(<HomePage site={site} articles={page.articles} olderHref={olderHref} />);
  })
  .get("/articles/:slug", async (c) => {
    const site = c.var.site;
    const slug = c.req.param("slug");
    const repo = new ArticleRepository(c.env.DB, site.url);
    if (!isSlug(slug)) return notFoundPage(c);
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
