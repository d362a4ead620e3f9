import isFQDN from "validator/es/lib/isFQDN";
import isIP from "validator/es/lib/isIP";
import type { Article } from "../articles/model";
import type { SiteConfig } from "../site/config";

/** The reader's instance, remembered in a first-party cookie scoped to /share/. */
export const MASTODON_COOKIE = "herald_mastodon";

/**
 * A Mastodon instance as a reader types it: "mastodon.social", also with "https://" or a
 * trailing "/". Anything with a path, a port, credentials, an IP address or another scheme is
 * refused, so the share can only go to `https://<host>/share`.
 */
export function parseInstance(input: string): string | undefined {
  const typed = input
    .trim()
    .toLowerCase()
    .replace(/^https:\/\//, "")
    .replace(/\/$/, "");
  if (!typed || isIP(typed) || /[/\\:@?#\s]/.test(typed)) return undefined;
  if (!isFQDN(typed, { require_tld: true, allow_numeric_tld: false, allow_underscores: false, allow_trailing_dot: false }))
    return undefined;
  // International names become their ASCII (punycode) form, as they travel in a URL.
  const host = URL.parse(`https://${typed}`)?.hostname;
  return host && /^[a-z0-9.-]+$/.test(host) ? host : undefined;
}

/** What the form that asks for the reader's instance shows; pages/ draws it in the site's layout. */
export interface MastodonFormProps {
  site: SiteConfig;
  article: Article;
  /** Where the form posts: this article's Mastodon share link. */
  action: string;
  error?: string;
  value?: string;
}
