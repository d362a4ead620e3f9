import type { Context, MiddlewareHandler } from "hono";
import type { AppEnv } from "../../articles/context";
import type { Article } from "../../articles/model";
import { articleCardImages, defaultCardUrl } from "../../cards/cards";
import { articleSocialMeta } from "../../cards/social-meta";
import { cacheEpoch } from "../../http/edge-cache";
import { HttpError } from "../../http/errors";
import { canonicalRequestUrl, originPageKey } from "../../site/urls";
import { isUtf8Xml, withoutShortcodes } from "./feed-filter";
import { CACHE_STATE_HEADER, type CacheState, type KeptPage, keepPage, keptPage, mayKeep } from "./origin-cache";
import { fetchOrigin, OriginUnavailable, publicLocation, toOrigin } from "./origin-fetch";
import { type PageFacts, rewritePage } from "./page-rewriter";
import { isPersonalVisitor, passesUntouched } from "./visitors";

declare module "hono" {
  interface ContextVariableMap {
    /** Set on answers that are the origin's pages: they keep the origin's own security headers. */
    servedByOrigin: boolean;
  }
}

/** What the proxy needs from outside the machine: a way to reach the origin. */
export interface EdgeDeps {
  fetcher?: typeof fetch;
  /** How long the origin has to start answering (ORIGIN_HEADERS_TIMEOUT_MS unless a test says otherwise). */
  timeoutMs?: number;
}

/** Headers that described the origin's bytes, which a rewritten page no longer has. */
const BYTE_HEADERS = ["Content-Length", "ETag", "Content-MD5"];

/** A page's answer as the visitor gets it: mutable headers, where it came from, personal or not. */
function answer(c: Context<AppEnv>, response: Response, state: CacheState, personal = false): Response {
  const served = new Response(response.body, response);
  served.headers.set(CACHE_STATE_HEADER, state);
  // A signed-in visitor's or commenter's page is theirs alone, whatever the origin said.
  if (personal) served.headers.set("Cache-Control", "private, no-store");
  c.set("servedByOrigin", true);
  return served;
}

/** A kept copy of an origin page (never a personal one: those are not looked up). */
function servedCopy(c: Context<AppEnv>, kept: KeptPage, state: CacheState): Response {
  c.set("servedByOrigin", true);
  return kept.response(state);
}

/** The origin's answer with its redirect brought to the public site, everything else as sent. */
function fromOrigin(response: Response, originUrl: string, siteUrl: string, body = response.body): Response {
  const passed = new Response(body, response);
  const location = passed.headers.get("Location");
  if (location) passed.headers.set("Location", publicLocation(location, originUrl, siteUrl));
  return passed;
}

/** The article Herald holds for a permalink; a failing store only means the page is treated as unknown. */
async function knownArticle(c: Context<AppEnv>, permalink: string): Promise<PageFacts["known"]> {
  let article: Article | undefined;
  try {
    article = await c.var.articles.getPublishedByCanonicalUrl(permalink);
  } catch (err) {
    console.error("edge mode: article lookup failed; the page is rewritten without it", err);
  }
  if (!article) return undefined;
  const site = c.var.site;
  const social = articleSocialMeta(article, site, await articleCardImages(site, article), site.iconUrl ?? (await defaultCardUrl(site)));
  return { article, social };
}

/** The origin's answer to the visitor's request, or why it gave none (anything else is a bug, thrown). */
async function reachOrigin(request: Request, originUrl: string, siteUrl: string, deps: EdgeDeps): Promise<Response | OriginUnavailable> {
  try {
    return await fetchOrigin(toOrigin(request, originUrl, siteUrl), deps);
  } catch (err) {
    if (err instanceof OriginUnavailable) return err;
    throw err;
  }
}

function originDown(reason: string): HttpError {
  console.error(`edge mode: origin unavailable: ${reason}`);
  return HttpError.page(502, "The site is not answering", "Its server did not answer in time. Please try again in a minute.");
}

/**
 * A request Herald does not answer itself, through the origin. WordPress's machinery, previews
 * and anything but GET pass untouched (redirects brought to the public host). HTML pages are
 * rewritten (rewritePage) and, for visitors without personal cookies, kept at the edge and
 * served stale while the origin fails. Feeds lose the shortcode; everything else passes byte
 * for byte.
 */
async function answerFromOrigin(c: Context<AppEnv>, originUrl: string, deps: EdgeDeps): Promise<Response> {
  const { site } = c.var;
  const request = c.req.raw;
  const url = new URL(request.url);

  if (passesUntouched(request, url)) {
    const response = await reachOrigin(request, originUrl, site.url, deps);
    if (response instanceof OriginUnavailable) throw originDown(response.message);
    return answer(c, fromOrigin(response, originUrl, site.url), "BYPASS");
  }

  const personal = isPersonalVisitor(request);
  const key = originPageKey(canonicalRequestUrl(site.url, request.url));
  const kept = personal ? undefined : await keptPage(key).catch(() => undefined);
  if (kept?.fresh) return servedCopy(c, kept, "HIT");

  const epoch = cacheEpoch();
  const response = await reachOrigin(request, originUrl, site.url, deps);
  if (response instanceof OriginUnavailable) {
    if (kept) return servedCopy(c, kept, "STALE");
    throw originDown(response.message);
  }
  // A failing origin (RFC 5861 stale-if-error: 500, 502, 503, 504) is covered by the last good copy.
  if (kept && [500, 502, 503, 504].includes(response.status)) {
    console.error(`edge mode: origin answered ${response.status} for ${url.pathname}; served the kept copy`);
    await response.body?.cancel();
    return servedCopy(c, kept, "STALE");
  }

  const contentType = response.headers.get("Content-Type") ?? "";
  if (!/^text\/html\b/i.test(contentType) || !response.body) {
    const body = response.body && isUtf8Xml(contentType) ? withoutShortcodes(response.body) : response.body;
    const passed = fromOrigin(response, originUrl, site.url, body);
    if (body !== response.body) for (const name of BYTE_HEADERS) passed.headers.delete(name);
    // Images, styles and scripts keep the origin's caching, signed-in visitor or not.
    return answer(c, passed, "BYPASS");
  }

  const rewritten = rewritePage(fromOrigin(response, originUrl, site.url), {
    site,
    url: key,
    // Looked up only for pages: most requests through the proxy are images and scripts.
    known: await knownArticle(c, `${site.url}${url.pathname}`),
    siteCardUrl: await defaultCardUrl(site),
  });
  for (const name of BYTE_HEADERS) rewritten.headers.delete(name);
  if (personal || !mayKeep(response) || !rewritten.body) return answer(c, rewritten, "BYPASS", personal);
  const [visitor, copy] = rewritten.body.tee();
  c.executionCtx.waitUntil(keepPage(key, new Response(copy, rewritten), epoch));
  return answer(c, new Response(visitor, rewritten), "MISS");
}

/**
 * Edge mode: with ORIGIN_URL set, every request that no Herald route mounted before this
 * middleware answered (feeds, cards, share, sitemaps, oEmbed, author and category pages, the
 * API) is the origin's.
 */
export function edgeMode(deps: EdgeDeps = {}): MiddlewareHandler<AppEnv> {
  return (c, next) => {
    const origin = c.var.site.originUrl;
    return origin ? answerFromOrigin(c, origin, deps) : next();
  };
}
