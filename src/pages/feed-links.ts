import type { SiteConfig } from "../site/config";
import { FEED_FORMATS, FEED_MEDIA_TYPES, type FeedFormat, feedUrl, type Scope } from "../site/urls";

const FORMAT_NAMES: Record<FeedFormat, string> = { rss: "RSS", atom: "Atom", json: "JSON Feed" };

export interface FeedLink {
  title: string;
  href: string;
  type: string;
}

/** The three formats of a scope's feed, for `<link rel="alternate">` autodiscovery. */
export function feedLinks(site: SiteConfig, scope: Scope, name: string): FeedLink[] {
  return FEED_FORMATS.map((format) => ({
    title: `${name} (${FORMAT_NAMES[format]})`,
    href: feedUrl(site.url, scope, format),
    type: FEED_MEDIA_TYPES[format],
  }));
}
