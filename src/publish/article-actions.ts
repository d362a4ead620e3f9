import type { Article } from "../articles/model";
import { articleCardKeys, articleCardUrls, articleCardVersion } from "../cards/cards";
import type { SiteConfig } from "../site/config";
import type { PublishDeps } from "./deps";
import { message } from "./jobs";
import { changedFeeds, pingsFor, purgeAsAChangeDoes } from "./publish-change";
import { changedPages } from "./purge-list";
import { enqueue } from "./queue";

// What staff can set off again for one article from the desk, each the same work an edit of it
// sets off, without the edit.

/** The article as it stands, as a change that leaves it as it is. */
const unchanged = (article: Article) => ({ before: undefined, after: article });

/** Its current share card's URLs in every frame: what a purge of the article includes. */
async function currentCardUrls(site: SiteConfig, article: Article): Promise<string[]> {
  return articleCardUrls(site, article, await articleCardVersion(article, site));
}

export interface Purged {
  urls: number;
  /** Queued purge jobs: the rest of the URLs, or all of them everywhere when a zone is configured. */
  queued: number;
  everywhere: boolean;
}

/** The article's pages, feeds and current cards leave the caches, as when it is edited (no pings: nothing changed). */
export async function purgeArticle(deps: PublishDeps, site: SiteConfig, article: Article): Promise<Purged> {
  const change = unchanged(article);
  const urls = [...changedPages(site, change), ...changedFeeds(site, change), ...(await currentCardUrls(site, article))];
  const jobs = await purgeAsAChangeDoes(deps, site, urls);
  return { urls: urls.length, queued: jobs.length, everywhere: deps.zone !== undefined };
}

export interface Redrawn {
  /** False for a draft or deleted article: its card is drawn when it is published. */
  drawing: boolean;
  /** Whether the drawing is queued (else it ran here, already). */
  queued: boolean;
}

/**
 * The current version's stored cards (every frame, either format) leave R2 and the caches, and
 * the share card is drawn again as after an edit: a render-card job, run here when there is no
 * queue. The JSON-LD frames are drawn on their next request.
 */
export async function redrawArticleCard(deps: PublishDeps, site: SiteConfig, article: Article): Promise<Redrawn> {
  const version = await articleCardVersion(article, site);
  await deps.cards.delete(articleCardKeys(article, version));
  // The cached bytes of a versioned card are kept for good: they go too, or the old drawing stays.
  await purgeAsAChangeDoes(deps, site, articleCardUrls(site, article, version));
  const drawing = article.status === "published";
  if (drawing) await enqueue(deps, site, [message({ kind: "render-card", slug: article.slug })]);
  return { drawing, queued: drawing && deps.queue !== undefined };
}

export interface Announced {
  feeds: string[];
  hubs: number;
}

/** A WebSub ping to every hub naming every feed the article is in (none for a draft), queued as after an edit. */
export async function announceArticle(deps: PublishDeps, site: SiteConfig, article: Article): Promise<Announced> {
  const feeds = changedFeeds(site, unchanged(article));
  const pings = pingsFor(site, feeds);
  await enqueue(deps, site, pings.map(message));
  return { feeds, hubs: pings.length };
}
