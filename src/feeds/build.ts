import type { SiteConfig } from "../env";
import type { Article } from "../articles/model";
import { SHARE_PLACEHOLDER } from "../share/placeholder";
import { feedShareRowHtml } from "../share/render";
import { articleToFeedEntry, authorUrl, categoryUrl } from "./entries";
import type { FeedDocument, FeedFormat, FeedPaging } from "./model";
import { FEED_FORMATS, feedUrl, type FeedScope } from "./scope";

export const DEFAULT_FEED_LIMIT = 20;
export const MAX_FEED_LIMIT = 100;
/** For a feed that has never changed (an empty site): fixed, and after 1990 for validators. */
const NEVER_CHANGED = "2000-01-01T00:00:00.000Z";

export interface FeedPage {
  scope: FeedScope;
  /** The author's or category's name (unused for the site feed). */
  scopeName?: string;
  articles: Article[];
  page: number;
  limit: number;
  /** Published articles in the whole scope, for the last page number. */
  total: number;
  lastChange: string | null;
}

/** `?limit=…&page=…` for a page, leaving out defaults so the plain URL is the first page. */
export function pageQuery(page: number, limit: number): string {
  const params = new URLSearchParams();
  if (limit !== DEFAULT_FEED_LIMIT) params.set("limit", String(limit));
  if (page > 1) params.set("page", String(page));
  const query = params.toString();
  return query ? `?${query}` : "";
}

export function lastPageOf(total: number, limit: number): number {
  return Math.max(1, Math.ceil(total / limit));
}

function paging(siteUrl: string, page: FeedPage, format: FeedFormat): FeedPaging | undefined {
  const last = lastPageOf(page.total, page.limit);
  if (last === 1) return undefined;
  const at = (n: number) => feedUrl(siteUrl, page.scope, format, pageQuery(n, page.limit));
  return {
    first: at(1),
    previous: page.page > 1 ? at(page.page - 1) : undefined,
    next: page.page < last ? at(page.page + 1) : undefined,
    last: at(last),
  };
}

/** Title, description and HTML page of a scope, shared by its feeds and its listing page. */
export function describeScope(scope: FeedScope, name: string | undefined, site: SiteConfig) {
  if (scope.kind === "author") {
    return { title: `${site.name}: ${name}`, description: `Articles by ${name} from ${site.name}.`, homeUrl: authorUrl(site.url, scope.slug) };
  }
  if (scope.kind === "category") {
    return { title: `${site.name}: ${name}`, description: `${name} articles from ${site.name}.`, homeUrl: categoryUrl(site.url, scope.slug) };
  }
  return { title: site.name, description: site.description || site.name, homeUrl: `${site.url}/` };
}

/** A page of a feed as plain data, the same for every format. Pure. */
export function buildFeedDocument(page: FeedPage, site: SiteConfig): FeedDocument {
  const query = pageQuery(page.page, page.limit);
  const self = Object.fromEntries(FEED_FORMATS.map((format) => [format, feedUrl(site.url, page.scope, format, query)]));
  const pagingLinks = Object.fromEntries(FEED_FORMATS.map((format) => [format, paging(site.url, page, format)]));
  return {
    ...describeScope(page.scope, page.scopeName, site),
    language: site.language,
    updated: page.lastChange ?? NEVER_CHANGED,
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
