import type { Article } from "../articles/model";
import { affectedScopes } from "../articles/scope";
import { articleCard, articleCardKeys, articleCardUrls, articleCardVersion } from "../cards/cards";
import { purgeEdgeCache } from "../http/edge-cache";
import type { SiteConfig } from "../site/config";
import { FEED_FORMATS, feedUrl } from "../site/urls";
import { changedPages } from "./purge-list";
import { pingHubs } from "./websub";

/** What publishing needs from outside: the card store and a way to reach WebSub hubs. */
export interface PublishDeps {
  cards: R2Bucket;
  fetcher?: typeof fetch;
}

/** A create, edit, rename or delete, as the article was before (if it existed) and after. */
export interface ArticleChange {
  before: Article | undefined;
  after: Article;
}

/** Every feed URL the change touches: each format of each scope the article was or is in. */
function changedFeeds(site: SiteConfig, { before, after }: ArticleChange): string[] {
  return affectedScopes(before, after).flatMap((scope) => FEED_FORMATS.map((format) => feedUrl(site.url, scope, format)));
}

/**
 * Everything an article change sets off, run in waitUntil after the write: its pages (the
 * article's, the home page and its listings: changedPages), its feeds and its old card leave the edge cache in one purge, the old
 * card leaves R2, the new card is rendered ahead of the first crawler, and the feeds are
 * announced to the WebSub hubs. None of it can fail the write; each failure is logged.
 */
export async function publishChange(deps: PublishDeps, site: SiteConfig, change: ArticleChange): Promise<void> {
  const { before, after } = change;
  const [oldVersion, newVersion] = await Promise.all([
    before ? articleCardVersion(before, site) : undefined,
    articleCardVersion(after, site),
  ]);
  // The old version's card is gone unless the same card stays published.
  const oldCard =
    before && oldVersion && (oldVersion !== newVersion || after.status !== "published")
      ? { article: before, version: oldVersion }
      : undefined;
  const feeds = changedFeeds(site, change);
  const pages = changedPages(site, change);

  const oldCards = oldCard ? articleCardUrls(site, oldCard.article, oldCard.version) : [];
  const purged = purgeEdgeCache([...pages, ...feeds, ...oldCards]);
  const results = await Promise.allSettled([
    // Hubs fetch right after a ping, so they hear of it once the purge is done; a failed purge
    // only delays the change by the cache's max-age, and they still hear of it.
    purged
      .catch((err) => console.error("after an article change: purge failed", err))
      .then(() => pingHubs(site.websubHubs, feeds, deps.fetcher)),
    oldCard ? deps.cards.delete(articleCardKeys(oldCard.article, oldCard.version)) : undefined,
    // The share card only: crawlers ask for it within seconds of a share; the JSON-LD frames
    // are drawn when a search engine first asks.
    after.status === "published" ? articleCard(deps.cards, after, site, { version: newVersion }) : undefined,
  ]);
  for (const result of results) {
    if (result.status === "rejected") console.error("after an article change:", result.reason);
  }
}
