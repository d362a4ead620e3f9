import type { Article } from "../articles/model";
import { affectedScopes } from "../articles/scope";
import { articleCardKeys, articleCardUrls, articleCardVersion } from "../cards/cards";
import { purgeEdgeCache } from "../http/edge-cache";
import type { SiteConfig } from "../site/config";
import { FEED_FORMATS, feedUrl } from "../site/urls";
import type { PublishDeps } from "./deps";
import { message, type PingJob, type PublishJob } from "./jobs";
import { changedPages } from "./purge-list";
import { enqueue } from "./queue";

/** A create, edit, rename or delete, as the article was before (if it existed) and after. */
export interface ArticleChange {
  before: Article | undefined;
  after: Article;
}

/**
 * Keys the write itself purges from the Cache API, most important first (two deletes each: the
 * answer and its stale copy); the rest go to the queue. One invocation may make 50
 * subrequests on Workers Free, Cache API calls included
 * (developers.cloudflare.com/workers/platform/limits/#subrequests), and an article with 20
 * authors is in 66 feeds.
 */
export const LOCAL_PURGE_LIMIT = 20;

function chunks<T>(items: T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
}

/** Every feed URL the change touches: each format of each scope the article was or is in. */
export function changedFeeds(site: SiteConfig, { before, after }: ArticleChange): string[] {
  return affectedScopes(before, after).flatMap((scope) => FEED_FORMATS.map((format) => feedUrl(site.url, scope, format)));
}

function localPurgeLimit(deps: PublishDeps): number {
  return deps.localPurgeLimit ?? LOCAL_PURGE_LIMIT;
}

/** One ping per hub naming these feeds; none for no feed (a draft's edit is in none: nothing to announce). */
export function pingsFor(site: SiteConfig, feeds: string[]): PingJob[] {
  return feeds.length ? site.websubHubs.map((hub) => ({ kind: "ping", hub, topics: feeds })) : [];
}

/**
 * The queued part of purging `urls`, the pings following the first purge job: everywhere
 * through the API when configured (one job: its calls take 100 URLs each); else what the local
 * purge (the first localPurgeLimit keys) leaves, in jobs of at most LOCAL_PURGE_LIMIT keys,
 * each inside one invocation's subrequests. With nothing left to purge, the pings alone.
 */
function purgeJobs(deps: PublishDeps, urls: string[], pings: PingJob[]): PublishJob[] {
  const rest = deps.zone ? [urls] : chunks(urls.slice(localPurgeLimit(deps)), LOCAL_PURGE_LIMIT);
  return rest.length ? rest.map((part, i) => ({ kind: "purge", urls: part, pingsAfter: i === 0 ? pings : [] })) : pings;
}

/**
 * Sends `jobs` to the queue and purges the first localPurgeLimit of `urls` from this data
 * centre's cache, side by side: the send does not wait for up to 40 Cache API calls, so an
 * invocation cut off after its answer loses at most the local purge, which the queued purge
 * (global, or of the rest) and the pages' 60 s max-age make good. allSettled: a failed cache
 * delete must not end the waitUntil before the send is done. Answers why either failed.
 */
async function sendAndPurgeHere(deps: PublishDeps, site: SiteConfig, jobs: PublishJob[], urls: string[]): Promise<unknown[]> {
  const results = await Promise.allSettled([
    enqueue(deps, site, jobs.map(message)),
    purgeEdgeCache(urls, { cacheApiLimit: localPurgeLimit(deps) }),
  ]);
  return results.flatMap((result) => (result.status === "rejected" ? [result.reason] : []));
}

/**
 * Purges `urls` the way a change does: the first localPurgeLimit keys from this data centre's
 * cache at once, and the rest (or, with a zone, all of them everywhere) through the queue.
 * Returns the jobs queued; throws when the send or the local purge failed.
 */
export async function purgeAsAChangeDoes(deps: PublishDeps, site: SiteConfig, urls: string[]): Promise<PublishJob[]> {
  const jobs = purgeJobs(deps, urls, []);
  const [failure] = await sendAndPurgeHere(deps, site, jobs, urls);
  if (failure !== undefined) throw failure;
  return jobs;
}

/**
 * Everything an article change sets off, run after the answer (waitUntil). Through the publish
 * queue, each job retried with backoff and dead-lettered after its last try: the purge in every
 * data centre (Cloudflare's API, when configured) followed by the WebSub pings, the old
 * version's cards leaving R2, and the new share card drawn ahead of the first crawler. And at
 * once: the change's pages and feeds leave this data centre's cache (this isolate's memory and
 * the Cache API), so the writer and the readers nearest them see it. Nothing here can fail the
 * write.
 */
export async function publishChange(deps: PublishDeps, site: SiteConfig, change: ArticleChange): Promise<void> {
  const { before, after } = change;
  try {
    const [oldVersion, newVersion] = await Promise.all([
      before ? articleCardVersion(before, site) : undefined,
      articleCardVersion(after, site),
    ]);
    // The old version's cards are gone unless the same card stays published.
    const oldCard = before && oldVersion && (oldVersion !== newVersion || after.status !== "published") ? oldVersion : undefined;
    const feeds = changedFeeds(site, change);
    const urls = [...changedPages(site, change), ...feeds, ...(before && oldCard ? articleCardUrls(site, before, oldCard) : [])];

    const jobs = purgeJobs(deps, urls, pingsFor(site, feeds));
    if (before && oldCard) jobs.push({ kind: "drop-cards", keys: articleCardKeys(before, oldCard) });
    // The share card only: crawlers ask for it within seconds of a share; the JSON-LD frames
    // are drawn when a search engine first asks.
    if (after.status === "published") jobs.push({ kind: "render-card", slug: after.slug });
    for (const reason of await sendAndPurgeHere(deps, site, jobs, urls)) console.error(`after a change to ${after.slug}:`, reason);
  } catch (err) {
    console.error(`after a change to ${after.slug}: publishing failed`, err);
  }
}
