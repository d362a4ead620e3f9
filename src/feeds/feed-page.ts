import type { ArticleRepository } from "../articles/repository";
import { scopeFilter, scopeKey } from "../articles/scope";
import type { FeedFormat, Scope } from "../site/urls";
import { renderAtom } from "./atom";
import { type FeedPage, lastPageOf } from "./build";
import { renderJsonFeed } from "./json-feed";
import type { FeedDocument } from "./model";
import { renderRss } from "./rss";

/** Each format's writer, one function of the feed as plain data. */
export const FEED_RENDERERS: Record<FeedFormat, (doc: FeedDocument) => string> = {
  rss: renderRss,
  atom: renderAtom,
  json: renderJsonFeed,
};

/** A page of a scope's feed as read from D1, or why the feed route answers 404 for it. */
export type FeedPageRead = { found: FeedPage } | { missing: string };

/**
 * One page of a scope's feed, from D1: what the feed route serves and the desk's health page
 * checks, read the same way. An author or category without published articles has no feed,
 * and a page past the last does not exist.
 */
export async function readFeedPage(repo: ArticleRepository, scope: Scope, page: { page: number; limit: number }): Promise<FeedPageRead> {
  const { articles, summary } = await repo.feedPage(scopeFilter(scope), scopeKey(scope), {
    limit: page.limit,
    offset: (page.page - 1) * page.limit,
  });
  if (scope.kind !== "site" && summary.published === 0) return { missing: `no ${scope.kind} "${scope.slug}" has published articles` };
  const lastPage = lastPageOf(summary.published, page.limit);
  if (page.page > lastPage) return { missing: `page ${page.page} does not exist; the last page is ${lastPage}` };
  return {
    found: { ...page, scope, scopeName: summary.name ?? undefined, articles, total: summary.published, lastChange: summary.lastChange },
  };
}
