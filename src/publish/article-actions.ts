import type { Article } from "../articles/model";
import { articleCardKeys, articleCardUrls, articleCardVersion } from "../cards/cards";
import type { SiteConfig } from "../site/config";
import type { PublishDeps } from "./deps";
import { message } from "./jobs";
import { changedFeeds, pingsFor, purgeAsAChangeDoes } from "./publish-change";
import { changedPages } from "./purge-list";
import { enqueue, sendJobs } from "./queue";
import { runJob } from "./run-job";

// What staff can set off again for one article from the desk, each the same work an edit of it
// sets off, without the edit.

/** The article as it stands, as a change that leaves it as it is. */
const unchanged = (article: Article) => ({ before: undefined, after: article });

/**
 * The article as if it were published: a purge reaches the feeds a draft or deleted article
 * would be in too, which its last change may not have left (a purge dead-lettered after a
 * delete is the case staff press the button for).
 */
const asPublished = (article: Article) => ({ before: undefined, after: { ...article, status: "published" as const } });

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
  const urls = [
    ...changedPages(site, unchanged(article)),
    ...changedFeeds(site, asPublished(article)),
    ...(await currentCardUrls(site, article)),
  ];
  const jobs = await purgeAsAChangeDoes(deps, site, urls);
  return { urls: urls.length, queued: jobs.length, everywhere: deps.zone !== undefined };
}

export interface Redrawn {
  /** False for a draft or deleted article: its card is drawn when it is published. */
  drawing: boolean;
  /** Whether the drawing is queued (else it ran here, already). */
  queued: boolean;
  /** Why the drawing, run here, failed (the card is then drawn on its next request). */
  failed?: string;
}

/**
 * The current version's stored cards (every frame, either format) leave R2 and the caches, and
 * the share card is drawn again as after an edit: a render-card job, run here when there is no
 * queue (or it refuses the job), so that a failure is reported rather than only logged. The
 * JSON-LD frames are drawn on their next request.
 */
export async function redrawArticleCard(deps: PublishDeps, site: SiteConfig, article: Article): Promise<Redrawn> {
  const version = await articleCardVersion(article, site);
  await deps.cards.delete(articleCardKeys(article, version));
  // The cached bytes of a versioned card are kept for good: they go too, or the old drawing stays.
  await purgeAsAChangeDoes(deps, site, articleCardUrls(site, article, version));
  if (article.status !== "published") return { drawing: false, queued: false };
  const job = message({ kind: "render-card", slug: article.slug });
  if (deps.queue) {
    try {
      await sendJobs(deps, [job]);
      return { drawing: true, queued: true };
    } catch (err) {
      console.error("publish queue unavailable: drawing the card here", err);
    }
  }
  try {
    await runJob(deps, site, job);
    return { drawing: true, queued: false };
  } catch (err) {
    return { drawing: true, queued: false, failed: err instanceof Error ? err.message : String(err) };
  }
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
