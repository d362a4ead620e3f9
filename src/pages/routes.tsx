import { type Context, Hono } from "hono";
import type { AppEnv } from "../articles/context";
import { decodeCursor, encodeCursor } from "../articles/cursor";
import type { Cursor } from "../articles/repository";
import { describeScope, scopeFilter, scopeKey } from "../articles/scope";
import { isSlug } from "../articles/slug";
import { articleCardImages, defaultCardUrl } from "../cards/cards";
import { articleSocialMeta } from "../cards/social-meta";
import { PURGED_ON_CHANGE } from "../http/cache-control";
import { answerConditionally, bodyEtag } from "../http/conditional";
import { throughEdgeCache } from "../http/edge-cache";
import { HttpError } from "../http/errors";
import type { HotEntry } from "../http/hot-cache";
import { SingleFlight } from "../http/single-flight";
import { shareTotals } from "../share/counts";
import { placeShareBars, shareBarsHtml } from "../share/render";
import { articleUrl, olderListingUrl, ROUTES, type Scope, SITE_SCOPE, scopeUrl, slugFromParam } from "../site/urls";
import { ArticleListPage } from "./article-list-page";
import { ArticlePage } from "./article-page";
import { pageNotFound } from "./error-page";
import { feedLinks } from "./feed-links";
import { HTML_CONTENT_TYPE } from "./layout";

const LIST_PAGE_SIZE = 20;

/** The slug in the path (decoded, NFC), or the 404 page. */
function slugParam(c: Context<AppEnv>): string {
  const slug = slugFromParam(c.req.param("slug") ?? "");
  if (!isSlug(slug)) throw pageNotFound();
  return slug;
}

/** The newest articles of a scope (site, author, category), with its feeds announced. */
async function renderListPage(c: Context<AppEnv>, scope: Scope, after: Cursor | undefined): Promise<Response> {
  const { site, articles } = c.var;
  let name: string | undefined;
  if (scope.kind !== "site") {
    const summary = await articles.scopeSummary(scopeFilter(scope), scopeKey(scope));
    if (summary.published === 0 || !summary.name) throw pageNotFound();
    name = summary.name;
  }
  const described = describeScope(scope, name, site);
  const page = await articles.list({ ...scopeFilter(scope), limit: LIST_PAGE_SIZE, after });
  const html = (
    await (
      <ArticleListPage
        site={site}
        heading={name ?? "Latest news"}
        description={described.description}
        canonicalUrl={described.homeUrl}
        feeds={feedLinks(site, scope, described.title)}
        articles={page.articles}
        olderHref={page.next ? olderListingUrl(site.url, scope, encodeCursor(page.next)) : undefined}
        cardUrl={await defaultCardUrl(site)}
      />
    )
  ).toString();
  // Older pages are not purged when an article changes, so only the first page says so.
  const caching: Record<string, string> = after ? {} : { "Cache-Control": PURGED_ON_CHANGE, ETag: await bodyEtag(html) };
  return new Response(html, { headers: { "Content-Type": HTML_CONTENT_TYPE, ...caching } });
}

const listFlights = new SingleFlight<HotEntry>();

/**
 * A listing page. The first page is kept at the edge under the scope's canonical URL, like an
 * article page, and purged by every change to an article that was or is in the scope
 * (publish/purge-list.ts); older pages (`?before=`) are read from D1 each time.
 */
async function listPage(c: Context<AppEnv>, scope: Scope): Promise<Response> {
  const before = c.req.query("before");
  const after = before ? decodeCursor(before) : undefined;
  if (after === null) throw HttpError.page(400, "Invalid page link", "This link to older articles is broken.");
  if (after) return renderListPage(c, scope, after);
  const key = scopeUrl(c.var.site.url, scope);
  return answerConditionally(
    c.req.raw,
    await throughEdgeCache({ key, flights: listFlights, staleSeconds: c.var.site.staleCopySeconds, staleCopyIn: c.executionCtx }, () =>
      renderListPage(c, scope, undefined),
    ),
  );
}

/** One database read, then the page, a 301 from an old slug, a 410 or a 404. */
async function renderArticle(c: Context<AppEnv>, slug: string): Promise<Response> {
  const { site, articles } = c.var;
  const article = await articles.getBySlug(slug);
  // An old slug of a renamed article stands for it: 301 to the current URL, 410 if deleted.
  const renamed = article ? undefined : await articles.findRenamedSlug(slug);
  const status = article?.status ?? renamed?.status;

  if (article?.status === "published") {
    const images = await articleCardImages(site, article);
    const cardUrl = images.card.url;
    const social = articleSocialMeta(article, site, images, site.iconUrl ?? (await defaultCardUrl(site)));
    const total = site.share.showCount
      ? await shareTotals(c.var.db, article.id).then(
          (t) => t.total,
          () => undefined,
        )
      : undefined;
    const { body, assets } = placeShareBars(article, site, shareBarsHtml(article, site, { image: cardUrl, total }));
    const html = (await (<ArticlePage site={site} article={article} social={social} body={body} shareAssets={assets} />)).toString();
    return new Response(html, {
      headers: { "Content-Type": HTML_CONTENT_TYPE, "Cache-Control": PURGED_ON_CHANGE, ETag: await bodyEtag(html) },
    });
  }
  if (renamed?.status === "published") return c.redirect(articleUrl(site.url, renamed.slug), 301);
  if (status === "deleted") throw HttpError.page(410, "Article removed", "This article has been removed.");
  throw pageNotFound();
}

const articleFlights = new SingleFlight<HotEntry>();

/**
 * Author and category listings. Herald's own in edge mode too, since article:author and the
 * JSON-LD of every article name them, and WordPress keeps its archives elsewhere (/author/…).
 */
export const scopePages = new Hono<AppEnv>()
  .get(ROUTES.author, (c) => listPage(c, { kind: "author", slug: slugParam(c) }))
  .get(ROUTES.category, (c) => listPage(c, { kind: "category", slug: slugParam(c) }));

/** The site's own pages in publisher mode: the home page and one page per published article. */
export const pages = new Hono<AppEnv>()
  .get(ROUTES.home, (c) => listPage(c, SITE_SCOPE))
  .get(ROUTES.article, async (c) => {
    const slug = slugParam(c);
    // Pages are kept at the edge and purged when their article changes.
    const key = articleUrl(c.var.site.url, slug);
    return answerConditionally(
      c.req.raw,
      await throughEdgeCache({ key, flights: articleFlights, staleSeconds: c.var.site.staleCopySeconds, staleCopyIn: c.executionCtx }, () =>
        renderArticle(c, slug),
      ),
    );
  });
