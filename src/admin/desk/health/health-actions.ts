import type { Context } from "hono";
import type { Article } from "../../../articles/model";
import { isSlug } from "../../../articles/slug";
import { announceArticle, purgeArticle, redrawArticleCard } from "../../../publish/article-actions";
import type { PublishDeps } from "../../../publish/deps";
import { publishDeps } from "../../../publish/deps";
import type { SiteConfig } from "../../../site/config";
import { DESK_ROUTES, deskArticlePath } from "../../../site/urls";
import { routeArticle } from "../desk-article";
import type { DeskDeps } from "../desk-deps";
import type { DeskEnv } from "../desk-env";
import { deskMessage } from "../desk-message";

/**
 * What an action reports back, in the redirect's `?done=`: the page says it in words. Only
 * these ids are shown; the headline comes from the article itself, never from the URL.
 */
export const ACTION_OUTCOMES = {
  // The card keeps its URL (its version comes from the content): platforms that cached the old
  // image keep showing it until they fetch it again, which staff should know.
  "card-queued": (title: string) =>
    `The stored share card of “${title}” was deleted and is queued to be drawn again, under the same URL: platforms that cached the old image show it until they fetch it again.`,
  "card-drawn": (title: string) =>
    `The stored share card of “${title}” was deleted and drawn again, under the same URL: platforms that cached the old image show it until they fetch it again.`,
  "card-failed": (title: string) =>
    `The stored share card of “${title}” was deleted, but drawing it again failed (see the Worker's log); it is drawn on its next request.`,
  "card-deleted": (title: string) => `The stored cards of “${title}” were deleted. It is not published, so its card is drawn when it is.`,
  "purge-everywhere": (title: string) =>
    `The pages, feeds and cards of “${title}” left this data centre's cache; their purge in every data centre is queued.`,
  "purge-here": (title: string) =>
    `The pages, feeds and cards of “${title}” left this data centre's cache (no PURGE_ZONE_ID: other data centres keep their copies until their max-age ends).`,
  announced: (title: string) => `WebSub pings naming the feeds of “${title}” are queued for every hub.`,
  "announce-no-feeds": (title: string) => `“${title}” is not published, so it is in no feed: nothing was announced.`,
  "announce-no-hubs": () => "No WebSub hubs are configured (WEBSUB_HUBS): nothing was announced.",
} satisfies Record<string, (title: string) => string>;

export type ActionOutcome = keyof typeof ACTION_OUTCOMES;

export function isActionOutcome(value: string | undefined): value is ActionOutcome {
  return value !== undefined && Object.hasOwn(ACTION_OUTCOMES, value);
}

type Action = (deps: PublishDeps, site: SiteConfig, article: Article) => Promise<ActionOutcome>;

/** The three publishing actions on one article, each the work an edit of it sets off. */
export const HEALTH_ACTIONS = {
  articleRerenderCard: async (deps, site, article) => {
    const redrawn = await redrawArticleCard(deps, site, article);
    if (!redrawn.drawing) return "card-deleted";
    if (redrawn.failed !== undefined) {
      console.error(`desk: redrawing the card of ${article.slug} failed: ${redrawn.failed}`);
      return "card-failed";
    }
    return redrawn.queued ? "card-queued" : "card-drawn";
  },
  articlePurge: async (deps, site, article) => ((await purgeArticle(deps, site, article)).everywhere ? "purge-everywhere" : "purge-here"),
  articleReannounce: async (deps, site, article) => {
    if (site.websubHubs.length === 0) return "announce-no-hubs";
    return (await announceArticle(deps, site, article)).feeds.length ? "announced" : "announce-no-feeds";
  },
} satisfies Record<string, Action>;

/** The finished action's report, from `?done=&slug=`: only a known outcome, about an article that exists. */
export async function actionReport(c: Context<DeskEnv>): Promise<string | undefined> {
  const { done, slug } = c.req.query();
  if (!isActionOutcome(done)) return undefined;
  const article = slug && isSlug(slug) ? await c.var.articles.getBySlug(slug) : undefined;
  return article ? ACTION_OUTCOMES[done](article.title) : undefined;
}

/** Where an action sends the browser back to: the health page, or the article's desk page when asked; never a URL from the request. */
function backTo(c: Context<DeskEnv>, slug: string, outcome: ActionOutcome): string {
  const page = c.req.query("back") === "article" ? deskArticlePath("article", slug) : DESK_ROUTES.health;
  return `${page}?${new URLSearchParams({ done: outcome, slug })}`;
}

/** The POST handler of one action: the article by its slug, the work, then 303 back with the outcome. */
export function healthActionHandler(action: keyof typeof HEALTH_ACTIONS, deps: DeskDeps) {
  return async (c: Context<DeskEnv>) => {
    const { slug, article } = await routeArticle(c);
    if (!article) {
      return deskMessage(c, 404, {
        title: "No such article",
        text: `No article has the slug “${slug}”, so nothing was done.`,
        next: { href: DESK_ROUTES.health, label: "Back to publishing health" },
      });
    }
    const outcome = await HEALTH_ACTIONS[action](publishDeps(c.env, c.var.site, deps.fetcher), c.var.site, article);
    return c.redirect(backTo(c, article.slug, outcome), 303);
  };
}
