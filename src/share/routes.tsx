import { Hono, type Context } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import { isbot } from "isbot";
import type { AppEnv } from "../env";
import type { Article } from "../articles/model";
import { ArticleRepository } from "../articles/repository";
import { isSlug } from "../articles/slug";
import { articleCardUrl } from "../cards/cards";
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
  if (!isRealTap(c.req.raw)) return;
  c.executionCtx.waitUntil(countShare(c.env.DB, article.id, network.id).catch((err) => console.error("share count failed", err)));
}

function notFound(c: Context<AppEnv>, message: string) {
  return c.text(`${message}\n`, 404, SHARE_HEADERS);
}

async function mastodon(c: Context<AppEnv>, article: Article, network: ShareNetwork) {
  const site = c.var.site;
  const action = shareEndpoint(site, article, network.id);
  const target = shareTarget(article, site);
  const typed = c.req.query("instance");
  if (typed !== undefined) {
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
    return c.redirect(mastodonShareUrl(instance, target), 302);
  }
  const remembered = parseInstance(getCookie(c, MASTODON_COOKIE) ?? "");
  if (remembered && c.req.query("change") === undefined) {
    count(c, article, network);
    return c.redirect(mastodonShareUrl(remembered, target), 302);
  }
  return c.html(<MastodonForm site={site} article={article} action={action} />, 200, SHARE_HEADERS);
}

/**
 * `/share/:slug/:network` records the tap and answers 302 to the platform's share intent, only
 * for enabled networks and published articles: it can never redirect to an arbitrary URL.
 * `/api/articles/:slug/shares` returns the public totals.
 */
export const shares = new Hono<AppEnv>()
  .get("/share/:slug/:network", async (c) => {
    const site = c.var.site;
    const { slug, network: id } = c.req.param();
    const network = findNetwork(id);
    if (!network || !site.shareNetworks.includes(id) || (network.kind !== "link" && network.kind !== "mastodon")) {
      return notFound(c, `no share network "${id}"`);
    }
    const article = isSlug(slug) ? await new ArticleRepository(c.env.DB, site.url).getBySlug(slug) : undefined;
    if (article?.status !== "published") return notFound(c, "no published article has this slug");
    if (network.kind === "mastodon") return mastodon(c, article, network);
    count(c, article, network);
    const target = shareTarget(article, site, await articleCardUrl(site, article));
    c.header("X-Robots-Tag", SHARE_HEADERS["X-Robots-Tag"]);
    c.header("Cache-Control", SHARE_HEADERS["Cache-Control"]);
    return c.redirect(platformShareUrl(network, target), 302);
  })
  .get("/api/articles/:slug/shares", async (c) => {
    const slug = c.req.param("slug");
    const article = isSlug(slug) ? await new ArticleRepository(c.env.DB, c.var.site.url).getBySlug(slug) : undefined;
    if (article?.status !== "published") return c.json({ error: "article not found", details: [`no published article has the slug ${slug}`] }, 404);
    return c.json({ slug, ...(await shareTotals(c.env.DB, article.id)) }, 200, { "Cache-Control": "public, max-age=60" });
  });
