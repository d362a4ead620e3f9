import type { SiteConfig } from "../env";
import { FEED_CONTENT_TYPES, type FeedFormat } from "./model";
import { FEED_FORMATS, feedUrl, type FeedScope } from "./scope";

const FORMAT_NAMES: Record<FeedFormat, string> = { rss: "RSS", atom: "Atom", json: "JSON Feed" };

export interface FeedLink {
  title: string;
  href: string;
  type: string;
}

/** The three formats of a scope's feed, for `<link rel="alternate">` autodiscovery. */
export function feedLinks(site: SiteConfig, scope: FeedScope, name: string): FeedLink[] {
  return FEED_FORMATS.map((format) => ({
    title: `${name} (${FORMAT_NAMES[format]})`,
    href: feedUrl(site.url, scope, format),
    type: FEED_CONTENT_TYPES[format].split(";")[0] ?? FEED_CONTENT_TYPES[format],
  }));
}
