import { SHARE_PLACEHOLDER } from "../articles/ingest/share-placeholder";
import type { Article } from "../articles/model";
import { describeScope } from "../articles/scope";
import { feedShareRowHtml } from "../share/render";
import type { SiteConfig } from "../site/config";
import { FEED_FORMATS, type FeedFormat, feedUrl, type Scope } from "../site/urls";
import { articleToFeedEntry } from "./entries";
import type { FeedDocument, FeedPaging } from "./model";

export const MAX_FEED_LIMIT = 100;
/**
 * For a scope with no recorded change. The site's is recorded when its store is created
 * (migrations/0008_site_feed_created.sql) and an author's or category's with its first
 * article, so only a store whose rows were removed by hand gets here. Atom requires some
 * date: the epoch says "no change known" and stays the same until one is.
 */
const NO_CHANGE_KNOWN = "1970-01-01T00:00:00.000Z";

export interface FeedPage {
  scope: Scope;
  /** The author's or category's name (unused for the site feed). */
  scopeName?: string;
  articles: Article[];
  page: number;
  limit: number;
  /** Published articles in the whole scope, for the last page number. */
  total: number;
  lastChange: string | null;
}

export function lastPageOf(total: number, limit: number): number {
  return Math.max(1, Math.ceil(total / limit));
}

function paging(siteUrl: string, page: FeedPage, format: FeedFormat): FeedPaging | undefined {
  const last = lastPageOf(page.total, page.limit);
  if (last === 1) return undefined;
  const at = (n: number) => feedUrl(siteUrl, page.scope, format, { page: n, limit: page.limit });
  return {
    first: at(1),
    previous: page.page > 1 ? at(page.page - 1) : undefined,
    next: page.page < last ? at(page.page + 1) : undefined,
    last: at(last),
  };
}

/** A page of a feed as plain data, the same for every format. Pure. */
export function buildFeedDocument(page: FeedPage, site: SiteConfig): FeedDocument {
  const self = Object.fromEntries(FEED_FORMATS.map((format) => [format, feedUrl(site.url, page.scope, format, page)]));
  const pagingLinks = Object.fromEntries(FEED_FORMATS.map((format) => [format, paging(site.url, page, format)]));
  return {
    ...describeScope(page.scope, page.scopeName, site),
    language: site.language,
    updated: page.lastChange ?? NO_CHANGE_KNOWN,
    self: self as FeedDocument["self"],
    paging: pagingLinks as FeedDocument["paging"],
    hubs: site.websubHubs,
    icon: site.iconUrl,
    generator: "Herald",
    entries: page.articles.map((article) =>
      articleToFeedEntry(article, site, article.bodyHtml.includes(SHARE_PLACEHOLDER) ? feedShareRowHtml(article, site) : ""),
    ),
  };
}
