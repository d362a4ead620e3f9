import { Hono, type Context } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import { isbot } from "isbot";
import type { AppEnv } from "../env";
import type { Article } from "../articles/model";
import { ArticleRepository } from "../articles/repository";
import { isSlug } from "../articles/slug";
import { articleCardUrl } from "../cards/cards";
import { limitBody } from "../http/json-body";
import { countShare, shareTotals } from "./counts";
import { mastodonShareUrl, platformShareUrl } from "./links";
import { MASTODON_COOKIE, MastodonForm, parseInstance } from "./mastodon";
import { findNetwork, type ShareNetwork } from "./networks";
import { shareEndpoint, shareTarget } from "./render";

/** Share links are not pages: never indexed, never cached. */
const SHARE_HEADERS = { "X-Robots-Tag": "noindex, nofollow", "Cache-Control": "no-store" };

/** Crawlers, link checkers and browser prefetches are not readers sharing. */
function isRealTap(request: Request): boolean {
  const agent = request.headers.get("User-Agent") ?? "";
  const purpose = [request.headers.get("Sec-Purpose"), request.headers.get("Purpose"), request.headers.get("X-Purpose"), request.headers.get("X-Moz")].join(" ");
  return agent !== "" && !isbot(agent) && !/prefetch|preview/i.test(purpose);
}

function count(c: Context<AppEnv>, article: Article, network: ShareNetwork): void {
  // HEAD (link checkers) and prefetches are not taps.
  if (c.req.method !== "GET" && c.req.method !== "POST") return;
  if (!isRealTap(c.req.raw)) return;
  c.executionCtx.waitUntil(countShare(c.env.DB, article.id, network.id).catch((err) => console.error("share count failed", err)));
}

function notFound(c: Context<AppEnv>, message: string) {
  return c.text(`${message}\n`, 404, SHARE_HEADERS);
}

function redirect(location: string, status: 301 | 302 = 302) {
  return new Response(null, { status, headers: { Location: location, ...SHARE_HEADERS } });
}

/** The enabled network and published article a share URL names, or why not. */
async function resolve(c: Context<AppEnv>): Promise<{ article: Article; network: ShareNetwork } | Response> {
  const site = c.var.site;
  const { slug, network: id } = c.req.param() as { slug: string; network: string };
  const network = findNetwork(id);
  if (!network || !site.shareNetworks.includes(id) || (network.kind !== "link" && network.kind !== "mastodon")) {
    return notFound(c, `no share network "${id}"`);
  }
  if (!isSlug(slug)) return notFound(c, "no published article has this slug");
  const repo = new ArticleRepository(c.env.DB, site.url);
  const article = await repo.getBySlug(slug);
  if (article?.status === "published") return { article, network };
  // Share links in older feed items follow a renamed article.
  const renamed = article ? undefined : await repo.findRenamedSlug(slug);
  if (renamed?.status === "published") return redirect(`${site.url}/share/${renamed.slug}/${id}`, 301);
  return notFound(c, "no published article has this slug");
}

/**
 * The Mastodon form, prefilled with the server the reader used last. Only a same-origin POST
 * of the form sets the cookie and redirects, so another site cannot plant a server.
 */
async function mastodon(c: Context<AppEnv>, article: Article, network: ShareNetwork) {
  const site = c.var.site;
  const action = shareEndpoint(site, article, network.id);
  const remembered = parseInstance(getCookie(c, MASTODON_COOKIE) ?? "");
  if (c.req.method !== "POST") {
    return c.html(<MastodonForm site={site} article={article} action={action} value={remembered} />, 200, SHARE_HEADERS);
  }
  const origin = c.req.header("Origin");
  if (origin !== new URL(site.url).origin && c.req.header("Sec-Fetch-Site") !== "same-origin") {
    return c.html(<MastodonForm site={site} article={article} action={action} error="Please use the form on this page." />, 403, SHARE_HEADERS);
  }
  const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
  const typed = typeof form.instance === "string" ? form.instance : "";
  const instance = parseInstance(typed);
  if (!instance) {
    const error = "Enter your server’s name only, such as mastodon.social (no path, no IP address).";
    return c.html(<MastodonForm site={site} article={article} action={action} error={error} value={typed} />, 400, SHARE_HEADERS);
  }
  setCookie(c, MASTODON_COOKIE, instance, {
    path: "/share/",
    maxAge: 365 * 24 * 60 * 60,
    httpOnly: true,
    sameSite: "Lax",
    secure: site.url.startsWith("https:"),
  });
  count(c, article, network);
  c.header("X-Robots-Tag", SHARE_HEADERS["X-Robots-Tag"]);
  c.header("Cache-Control", SHARE_HEADERS["Cache-Control"]);
  return c.redirect(mastodonShareUrl(instance, shareTarget(article, site)), 302);
}

/**
 * `/share/:slug/:network` records the tap and answers 302 to the platform's share intent, only
 * for enabled networks and published articles: it can never redirect to an arbitrary URL.
 * `/api/articles/:slug/shares` returns the public totals.
 */
export const shares = new Hono<AppEnv>()
  .on(["GET", "POST"], "/share/:slug/:network", limitBody(4096), async (c) => {
    const found = await resolve(c);
    if (found instanceof Response) return found;
    const { article, network } = found;
    if (network.kind === "mastodon") return mastodon(c, article, network);
    if (c.req.method !== "GET") return notFound(c, "share links are followed with GET");
    const location = platformShareUrl(network, shareTarget(article, c.var.site, await articleCardUrl(c.var.site, article)));
    count(c, article, network);
    return redirect(location);
  })
  .get("/api/articles/:slug/shares", async (c) => {
    const slug = c.req.param("slug");
    const article = isSlug(slug) ? await new ArticleRepository(c.env.DB, c.var.site.url).getBySlug(slug) : undefined;
    if (article?.status !== "published") return c.json({ error: "article not found", details: [`no published article has the slug ${slug}`] }, 404);
    return c.json({ slug, ...(await shareTotals(c.env.DB, article.id)) }, 200, { "Cache-Control": "public, max-age=60" });
  });
