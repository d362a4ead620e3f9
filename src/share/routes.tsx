import { type Context, Hono } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import type { FC } from "hono/jsx";
import { isbot } from "isbot";
import type { AppEnv } from "../articles/context";
import type { Article } from "../articles/model";
import { isSlug } from "../articles/slug";
import { articleCardUrl } from "../cards/cards";
import { NO_STORE } from "../http/cache-control";
import { HttpError } from "../http/errors";
import { limitBody } from "../http/json-body";
import { ROUTES, SHARE_PREFIX, shareUrl, slugFromParam } from "../site/urls";
import { SHARE_BAR_SCRIPT } from "./assets";
import { countShare, shareTotals } from "./counts";
import { mastodonShareUrl, platformShareUrl } from "./links";
import { MASTODON_COOKIE, type MastodonFormProps, parseInstance } from "./mastodon";
import { findNetwork, isLinkStyle, type ShareNetwork } from "./networks";
import { linkedShareAssets, shareBarStylesheet, shareTarget } from "./render";

/** Crawlers, link checkers and browser prefetches are not readers sharing. */
function isRealTap(request: Request): boolean {
  const agent = request.headers.get("User-Agent") ?? "";
  const purpose = [
    request.headers.get("Sec-Purpose"),
    request.headers.get("Purpose"),
    request.headers.get("X-Purpose"),
    request.headers.get("X-Moz"),
  ].join(" ");
  return agent !== "" && !isbot(agent) && !/prefetch|preview/i.test(purpose);
}

function count(c: Context<AppEnv>, article: Article, network: ShareNetwork): void {
  // HEAD (link checkers) and prefetches are not taps.
  if (c.req.method !== "GET" && c.req.method !== "POST") return;
  if (!isRealTap(c.req.raw)) return;
  c.executionCtx.waitUntil(countShare(c.var.db, article.id, network.id).catch((err) => console.error("share count failed", err)));
}

const NO_ARTICLE = "no published article has this slug";

/** The enabled network and published article a share URL names, or why not. */
async function resolve(c: Context<AppEnv>): Promise<{ article: Article; network: ShareNetwork } | Response> {
  const { site, articles } = c.var;
  const { slug: param, network: id } = c.req.param() as { slug: string; network: string };
  const slug = slugFromParam(param);
  const network = findNetwork(id);
  if (!network || !site.shareNetworks.includes(network.id) || !isLinkStyle(network)) throw HttpError.text(404, `no share network "${id}"`);
  if (!isSlug(slug)) throw HttpError.text(404, NO_ARTICLE);
  const article = await articles.getBySlug(slug);
  if (article?.status === "published") return { article, network };
  // Share links in older feed items follow a renamed article.
  const renamed = article ? undefined : await articles.findRenamedSlug(slug);
  if (renamed?.status === "published") return c.redirect(shareUrl(site.url, renamed.slug, id), 301);
  throw HttpError.text(404, NO_ARTICLE);
}

/** The one page the share routes show, drawn by pages/ (app/ passes it in), so share/ holds no page code. */
export interface ShareViews {
  MastodonForm: FC<MastodonFormProps>;
}

/**
 * The Mastodon form, prefilled with the server the reader used last. Only a same-origin POST
 * of the form sets the cookie and redirects, so another site cannot plant a server.
 */
async function mastodon(c: Context<AppEnv>, found: { article: Article; network: ShareNetwork }, { MastodonForm }: ShareViews) {
  const { article, network } = found;
  const site = c.var.site;
  const action = shareUrl(site.url, article.slug, network.id);
  const remembered = parseInstance(getCookie(c, MASTODON_COOKIE) ?? "");
  if (c.req.method !== "POST") return c.html(<MastodonForm site={site} article={article} action={action} value={remembered} />);
  const origin = c.req.header("Origin");
  if (origin !== new URL(site.url).origin && c.req.header("Sec-Fetch-Site") !== "same-origin") {
    return c.html(<MastodonForm site={site} article={article} action={action} error="Please use the form on this page." />, 403);
  }
  const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
  const typed = typeof form.instance === "string" ? form.instance : "";
  const instance = parseInstance(typed);
  if (!instance) {
    const error = "Enter your server’s name only, such as mastodon.social (no path, no IP address).";
    return c.html(<MastodonForm site={site} article={article} action={action} error={error} value={typed} />, 400);
  }
  setCookie(c, MASTODON_COOKIE, instance, {
    path: SHARE_PREFIX,
    maxAge: 365 * 24 * 60 * 60,
    httpOnly: true,
    sameSite: "Lax",
    secure: site.url.startsWith("https:"),
  });
  count(c, article, network);
  return c.redirect(mastodonShareUrl(instance, shareTarget(article, site)), 302);
}

/** The bar's stylesheet or script as a file: kept for good under its current version's URL. */
function barAsset(c: Context<AppEnv>, body: string, contentType: string): Response {
  const current = c.req.query("v") === linkedShareAssets(c.var.site).version;
  return c.body(body, 200, {
    "Content-Type": contentType,
    "Cache-Control": current ? "public, max-age=31536000, immutable" : "public, max-age=300",
  });
}

/**
 * `/share/:slug/:network` records the tap and answers 302 to the platform's share intent, only
 * for enabled networks and published articles: it can never redirect to an arbitrary URL.
 * `/api/articles/:slug/shares` returns the public totals.
 */
export function shareRoutes(views: ShareViews) {
  return (
    new Hono<AppEnv>()
      // Share links are not pages: never indexed, never cached, whatever the answer.
      .use(ROUTES.share, async (c, next) => {
        await next();
        c.res.headers.set("X-Robots-Tag", "noindex, nofollow");
        c.res.headers.set("Cache-Control", NO_STORE);
      })
      .on(["GET", "POST"], ROUTES.share, limitBody(4096, "text"), async (c) => {
        const found = await resolve(c);
        if (found instanceof Response) return found;
        const { article, network } = found;
        if (network.kind === "mastodon") return mastodon(c, found, views);
        if (c.req.method !== "GET") throw HttpError.text(404, "share links are followed with GET");
        const location = platformShareUrl(network, shareTarget(article, c.var.site, await articleCardUrl(c.var.site, article)));
        count(c, article, network);
        return c.redirect(location, 302);
      })
      .get(ROUTES.shareBarStylesheet, (c) => barAsset(c, shareBarStylesheet(c.var.site), "text/css; charset=utf-8"))
      .get(ROUTES.shareBarScript, (c) => barAsset(c, SHARE_BAR_SCRIPT, "text/javascript; charset=utf-8"))
      .get(ROUTES.shareTotals, async (c) => {
        const slug = slugFromParam(c.req.param("slug"));
        const article = isSlug(slug) ? await c.var.articles.getBySlug(slug) : undefined;
        if (article?.status !== "published") throw HttpError.json(404, "article not found", [`no published article has the slug ${slug}`]);
        return c.json({ slug, ...(await shareTotals(c.var.db, article.id)) }, 200, { "Cache-Control": "public, max-age=60" });
      })
  );
}
