import { Hono, type Context } from "hono";
import type { AppEnv } from "../env";
import { ArticleRepository } from "../articles/repository";
import { isSlug } from "../articles/slug";
import { answerConditionally, bodyEtag, httpDate } from "../http/conditional";
import { cacheEpoch, fromEdgeCache, putInEdgeCache } from "../http/edge-cache";
import { renderAtom } from "./atom";
import { DEFAULT_FEED_LIMIT, MAX_FEED_LIMIT, buildFeedDocument, lastPageOf, pageQuery } from "./build";
import { renderJsonFeed } from "./json-feed";
import { FEED_CONTENT_TYPES, FEED_FILE_NAMES, type FeedDocument, type FeedFormat } from "./model";
import { renderRss } from "./rss";
import { FEED_FORMATS, SITE_SCOPE, feedUrl, scopeFilter, scopeKey, type FeedScope } from "./scope";

const RENDERERS: Record<FeedFormat, (doc: FeedDocument) => string> = { rss: renderRss, atom: renderAtom, json: renderJsonFeed };

/** Readers poll often: a minute fresh, then served stale while revalidating or if D1 fails. */
const FEED_CACHE_CONTROL = "public, max-age=60, stale-while-revalidate=300, stale-if-error=86400";

function textError(c: Context, status: 400 | 404, message: string) {
  return c.text(message, status, { "Cache-Control": "no-store" });
}

/** A whole number from 1 to `max` written plainly ("20", not "2e1" or "020"), or undefined. */
function wholeNumber(value: string | undefined, max: number): number | undefined {
  if (value === undefined || !/^[1-9]\d{0,5}$/.test(value)) return undefined;
  const n = Number(value);
  return n <= max ? n : undefined;
}

async function serveFeed(c: Context<AppEnv>, scope: FeedScope, format: FeedFormat): Promise<Response> {
  const site = c.var.site;
  const limitParam = c.req.query("limit");
  const pageParam = c.req.query("page");
  const limit = limitParam === undefined ? DEFAULT_FEED_LIMIT : wholeNumber(limitParam, MAX_FEED_LIMIT);
  if (limit === undefined) return textError(c, 400, `limit must be a whole number from 1 to ${MAX_FEED_LIMIT}\n`);
  const page = pageParam === undefined ? 1 : wholeNumber(pageParam, 999_999);
  if (page === undefined) return textError(c, 400, "page must be a whole number from 1\n");

  // One URL per page (defaults left out, limit before page), so the feed's self link is
  // always the address it was fetched from, as validators and WebSub expect.
  const canonicalQuery = pageQuery(page, limit);
  const requested = new URLSearchParams(new URL(c.req.url).search);
  const paging = [...requested.entries()].filter(([key]) => key === "limit" || key === "page");
  if (paging.length > 0 && `?${new URLSearchParams(paging)}` !== canonicalQuery) {
    return c.redirect(feedUrl(site.url, scope, format, canonicalQuery), 301);
  }

  // Only the URL pollers use (first page, default size) is kept at the edge; that is also
  // the key every article change purges.
  const cacheKey = feedUrl(site.url, scope, format, canonicalQuery);
  const cacheable = page === 1 && limit === DEFAULT_FEED_LIMIT;
  const cached = cacheable ? await fromEdgeCache(cacheKey) : undefined;
  if (cached) return answerConditionally(c.req.raw, cached);

  const epoch = cacheEpoch();
  const repo = new ArticleRepository(c.env.DB, site.url);
  // Both queries at once: a database round trip is most of a feed's time, and a page past
  // the end simply lists nothing.
  const [summary, { articles }] = await Promise.all([
    repo.scopeSummary(scopeFilter(scope), scopeKey(scope)),
    repo.list({ ...scopeFilter(scope), limit, offset: (page - 1) * limit }),
  ]);
  if (scope.kind !== "site" && summary.published === 0) {
    return textError(c, 404, `no ${scope.kind} "${scope.slug}" has published articles\n`);
  }
  const lastPage = lastPageOf(summary.published, limit);
  if (page > lastPage) return textError(c, 404, `page ${page} does not exist; the last page is ${lastPage}\n`);

  const doc = buildFeedDocument(
    { scope, scopeName: summary.name ?? undefined, articles, page, limit, total: summary.published, lastChange: summary.lastChange },
    site,
  );
  // Encoded once, for the ETag and the response (large feeds spend real time encoding).
  const body = new TextEncoder().encode(RENDERERS[format](doc));
  const headers = new Headers({
    "Content-Type": FEED_CONTENT_TYPES[format],
    "Cache-Control": FEED_CACHE_CONTROL,
    ETag: await bodyEtag(body),
    "Last-Modified": httpDate(doc.updated),
    Link: [...doc.hubs.map((hub) => `<${hub}>; rel="hub"`), `<${doc.self[format]}>; rel="self"`].join(", "),
  });
  const response = new Response(body, { headers });
  if (cacheable) putInEdgeCache(c.executionCtx, cacheKey, response, epoch);
  return answerConditionally(c.req.raw, response);
}

function scopeFromParam(kind: "author" | "category", slug: string): FeedScope | undefined {
  return isSlug(slug) ? { kind, slug } : undefined;
}

/** Feed routes for the site, each author and each category, in three formats. */
export const feeds = new Hono<AppEnv>();

for (const format of FEED_FORMATS) {
  const file = FEED_FILE_NAMES[format];
  feeds.get(`/${file}`, (c) => serveFeed(c, SITE_SCOPE, format));
  for (const kind of ["author", "category"] as const) {
    feeds.get(`/${kind === "author" ? "authors" : "categories"}/:slug/${file}`, (c) => {
      const scope = scopeFromParam(kind, c.req.param("slug"));
      return scope ? serveFeed(c, scope, format) : textError(c, 404, `no ${kind} "${c.req.param("slug")}"\n`);
    });
  }
}

// WordPress feed paths, so subscribers of a migrated WordPress site keep their subscription.
const WORDPRESS_FEEDS: [string, string][] = [
  ["/feed", "/feed.xml"],
  ["/feed/rss2", "/feed.xml"],
  ["/feed/atom", "/atom.xml"],
];
for (const [from, to] of WORDPRESS_FEEDS) {
  feeds.get(from, (c) => c.redirect(`${c.var.site.url}${to}`, 301));
  feeds.get(`${from}/`, (c) => c.redirect(`${c.var.site.url}${to}`, 301));
}
for (const [wordpress, ours] of [["author", "authors"], ["category", "categories"]] as const) {
  for (const path of [`/${wordpress}/:slug/feed`, `/${wordpress}/:slug/feed/`]) {
    feeds.get(path, (c) => {
      const slug = c.req.param("slug") ?? "";
      return isSlug(slug) ? c.redirect(`${c.var.site.url}/${ours}/${slug}/feed.xml`, 301) : textError(c, 404, "not found\n");
    });
  }
}
