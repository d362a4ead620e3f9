import type { SiteConfig } from "../env";
import { FEED_CONTENT_TYPES } from "./model";
import { feedUrl, type FeedScope } from "./scope";

export interface FeedLink {
  title: string;
  href: string;
  type: string;
}

/** The three formats of a scope's feed, for `<link rel="alternate">` autodiscovery. */
export function feedLinks(site: SiteConfig, scope: FeedScope, name: string): FeedLink[] {
  const type = (contentType: string) => contentType.split(";")[0] ?? contentType;
  return [
    { title: `${name} (RSS)`, href: feedUrl(site.url, scope, "rss"), type: type(FEED_CONTENT_TYPES.rss) },
    { title: `${name} (Atom)`, href: feedUrl(site.url, scope, "atom"), type: type(FEED_CONTENT_TYPES.atom) },
    { title: `${name} (JSON Feed)`, href: feedUrl(site.url, scope, "json"), type: type(FEED_CONTENT_TYPES.json) },
  ];
}
