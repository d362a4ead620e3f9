import type { SiteConfig } from "../env";
import type { Article } from "../articles/model";
import { purgeEdgeCache } from "../http/edge-cache";
import { FEED_FORMATS, affectedScopes, feedUrl } from "./scope";
import { pingHubs } from "./websub";

/**
 * After an article is created, edited or deleted: purge every cached feed it appeared in
 * or now appears in, then tell the WebSub hubs those feeds changed. Runs in waitUntil.
 */
export async function announceArticleChange(
  site: SiteConfig,
  before: Article | undefined,
  after: Article | undefined,
  fetcher: typeof fetch = fetch,
): Promise<void> {
  const topics = affectedScopes(before, after).flatMap((scope) => FEED_FORMATS.map((format) => feedUrl(site.url, scope, format)));
  if (topics.length === 0) return;
  try {
    await purgeEdgeCache(topics);
  } catch (err) {
    // A failed purge only delays the change by the cache's max-age; the hubs still hear of it.
    console.error("feed cache purge failed", err);
  }
  await pingHubs(site.websubHubs, topics, fetcher);
}
