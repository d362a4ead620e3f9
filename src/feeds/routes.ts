import { type Context, Hono } from "hono";
import type { AppEnv } from "../articles/context";
import { isSlug } from "../articles/slug";
import { PURGED_ON_CHANGE } from "../http/cache-control";
import { answerConditionally, bodyEtag, httpDate } from "../http/conditional";
import { throughEdgeCache } from "../http/edge-cache";
import { HttpError } from "../http/errors";
import type { SiteConfig } from "../site/config";
import {
  DEFAULT_FEED_LIMIT,
  FEED_FORMATS,
  type FeedFormat,
  feedPageQuery,
  feedUrl,
  ROUTES,
  type Scope,
  SITE_SCOPE,
  slugFromParam,
  WORDPRESS_SCOPE_FEEDS,
  WORDPRESS_SITE_FEEDS,
} from "../site/urls";
import { buildFeedDocument, MAX_FEED_LIMIT } from "./build";
import { FEED_RENDERERS, readFeedPage } from "./feed-page";
import { FEED_CONTENT_TYPES } from "./model";

/** A whole number from 1 to `max` written plainly ("20", not "2e1" or "020"), or undefined. */
function wholeNumber(value: string | undefined, max: number): number | undefined {
  if (value === undefined || !/^[1-9]\d{0,5}$/.test(value)) return undefined;
  const n = Number(value);
  return n <= max ? n : undefined;
}

/** One page of a scope's feed, from D1. */
async function renderFeed(c: Context<AppEnv>, scope: Scope, format: FeedFormat, page: { page: number; limit: number }): Promise<Response> {
  const { site, articles: repo } = c.var;
  const read = await readFeedPage(repo, scope, page);
  if ("missing" in read) throw HttpError.text(404, read.missing);
  const doc = buildFeedDocument(read.found, site);
  // Encoded once, for the ETag and the response (large feeds spend real time encoding).
  const body = new TextEncoder().encode(FEED_RENDERERS[format](doc));
  return new Response(body, {
    headers: {
      "Content-Type": FEED_CONTENT_TYPES[format],
      "Cache-Control": PURGED_ON_CHANGE,
      ETag: await bodyEtag(body),
      "Last-Modified": httpDate(doc.updated),
      Link: [...doc.hubs.map((hub) => `<${hub}>; rel="hub"`), `<${doc.self[format]}>; rel="self"`].join(", "),
    },
  });
}

async function serveFeed(c: Context<AppEnv>, scope: Scope, format: FeedFormat): Promise<Response> {
  const limitParam = c.req.query("limit");
  const pageParam = c.req.query("page");
  const limit = limitParam === undefined ? DEFAULT_FEED_LIMIT : wholeNumber(limitParam, MAX_FEED_LIMIT);
  if (limit === undefined) throw HttpError.text(400, `limit must be a whole number from 1 to ${MAX_FEED_LIMIT}`);
  const page = pageParam === undefined ? 1 : wholeNumber(pageParam, 999_999);
  if (page === undefined) throw HttpError.text(400, "page must be a whole number from 1");

  // One URL per page (defaults left out, limit before page), so the feed's self link is
  // always the address it was fetched from, as validators and WebSub expect.
  const canonicalUrl = feedUrl(c.var.site.url, scope, format, { page, limit });
  const requested = new URLSearchParams(new URL(c.req.url).search);
  const paging = [...requested.entries()].filter(([key]) => key === "limit" || key === "page");
  if (paging.length > 0 && `?${new URLSearchParams(paging)}` !== feedPageQuery(page, limit)) return c.redirect(canonicalUrl, 301);

  const render = () => renderFeed(c, scope, format, { page, limit });
  // Only the URL pollers use (first page, default size) is kept at the edge; that is also
  // the key every article change purges.
  const cacheable = page === 1 && limit === DEFAULT_FEED_LIMIT;
  const response = cacheable
    ? await throughEdgeCache({ key: canonicalUrl, background: c.executionCtx, staleSeconds: c.var.site.staleCopySeconds }, render)
    : await render();
  return answerConditionally(c.req.raw, response);
}

/** Feed routes for the site, each author and each category, in three formats. */
export const feeds = new Hono<AppEnv>();

for (const format of FEED_FORMATS) {
  feeds.get(ROUTES.siteFeed(format), (c) => serveFeed(c, SITE_SCOPE, format));
  for (const kind of ["author", "category"] as const) {
    feeds.get(ROUTES.scopeFeed(kind, format), (c) => {
      const slug = slugFromParam(c.req.param("slug") ?? "");
      if (!isSlug(slug)) throw HttpError.text(404, `no ${kind} "${slug}"`);
      return serveFeed(c, { kind, slug }, format);
    });
  }
}

/**
 * In edge mode without the WordPress sync, Herald does not hold every post: the origin's own
 * feeds stay (the edge proxy removes the shortcode from them).
 */
const originKeepsFeeds = (site: SiteConfig) => site.originUrl !== undefined && site.wordpressUrl === undefined;

for (const { path, format } of WORDPRESS_SITE_FEEDS) {
  for (const variant of [path, `${path}/`]) {
    feeds.get(variant, (c, next) => (originKeepsFeeds(c.var.site) ? next() : c.redirect(feedUrl(c.var.site.url, SITE_SCOPE, format), 301)));
  }
}
for (const { path, kind } of WORDPRESS_SCOPE_FEEDS) {
  for (const variant of [path, `${path}/`]) {
    feeds.get(variant, (c, next) => {
      if (originKeepsFeeds(c.var.site)) return next();
      const slug = slugFromParam(c.req.param("slug") ?? "");
      if (!isSlug(slug)) throw HttpError.text(404, "not found");
      return c.redirect(feedUrl(c.var.site.url, { kind, slug }, "rss"), 301);
    });
  }
}
