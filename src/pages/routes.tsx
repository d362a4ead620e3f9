import { Hono, type Context } from "hono";
import type { AppEnv } from "../env";
import { decodeCursor, encodeCursor } from "../articles/cursor";
import { articlePath } from "../articles/model";
import { ArticleRepository } from "../articles/repository";
import { isSlug } from "../articles/slug";
import { articleCardUrl, defaultCardUrl } from "../cards/cards";
import { articleSocialMeta } from "../cards/social-meta";
import { describeScope } from "../feeds/build";
import { feedLinks } from "../feeds/discovery";
import { SITE_SCOPE, scopeFilter, scopeKey, type FeedScope } from "../feeds/scope";
import { answerConditionally, bodyEtag } from "../http/conditional";
import { cacheEpoch, fromEdgeCache, storeInEdgeCache } from "../http/edge-cache";
import { SingleFlight } from "../http/single-flight";
import { shareTotals } from "../share/counts";
import { placeShareBars, shareBarsHtml } from "../share/render";
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
      cardUrl={await defaultCardUrl(site)}
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
    const slug = c.req.param("slug");
    if (!isSlug(slug)) return notFoundPage(c);
    // Pages are kept at the edge and purged when their article changes; a herd of crawlers
    // arriving before the first copy is stored shares one database read and one render.
    const key = `${c.var.site.url}${articlePath(slug)}`;
    const cached = await fromEdgeCache(key);
    if (cached) return answerConditionally(c.req.raw, cached);
    const page = await pageFlights.run(key, async () => {
      const epoch = cacheEpoch();
      const response = await articleRoute(c, slug);
      const snapshot = { status: response.status, headers: [...response.headers], body: await response.text() };
      // Stored before the flight lands, so no request arriving after it misses the cache.
      if (snapshot.status === 200) await storeInEdgeCache(key, new Response(snapshot.body, { status: 200, headers: snapshot.headers }), epoch);
      return snapshot;
    });
    return answerConditionally(c.req.raw, new Response(page.body, { status: page.status, headers: page.headers }));
  });

const PAGE_CACHE_CONTROL = "public, max-age=60, stale-while-revalidate=300, stale-if-error=86400";
const pageFlights = new SingleFlight<{ status: number; headers: [string, string][]; body: string }>();

/** One database read, then the page, a 301 from an old slug, a 410 or a 404. */
async function articleRoute(c: Context<AppEnv>, slug: string): Promise<Response> {
  const site = c.var.site;
  const repo = new ArticleRepository(c.env.DB, site.url);
  const article = await repo.getBySlug(slug);
  // An old slug of a renamed article stands for it: 301 to the current URL, 410 if deleted.
  const renamed = article ? undefined : await repo.findRenamedSlug(slug);
  const status = article?.status ?? renamed?.status;

  if (article?.status === "published") {
    const cardUrl = await articleCardUrl(site, article);
    const social = articleSocialMeta(article, site, cardUrl, site.iconUrl ?? (await defaultCardUrl(site)));
    const total = site.share.showCount ? await shareTotals(c.env.DB, article.id).then((t) => t.total, () => undefined) : undefined;
    const { body, assets } = placeShareBars(article, site, shareBarsHtml(article, site, { image: cardUrl, total }));
    const html = (await (<ArticlePage site={site} article={article} social={social} body={body} shareAssets={assets} />)).toString();
    return new Response(html, {
      headers: { "Content-Type": "text/html; charset=UTF-8", "Cache-Control": PAGE_CACHE_CONTROL, ETag: await bodyEtag(html) },
    });
  }
  if (renamed?.status === "published") return c.redirect(`${site.url}${articlePath(renamed.slug)}`, 301);
  if (status === "deleted") {
    return c.html(<ErrorPage site={site} heading="Article removed" message="This article has been removed." />, 410);
  }
  return notFoundPage(c);
}

/** The HTML 404 page, also used by the app for any unknown path outside the API. */
export function notFoundPage(c: Context<AppEnv>) {
  return c.html(
    <ErrorPage site={c.var.site} heading="Page not found" message="There is no article at this address." />,
    404,
  );
}
