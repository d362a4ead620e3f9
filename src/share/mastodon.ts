import isFQDN from "validator/es/lib/isFQDN";
import isIP from "validator/es/lib/isIP";
import type { Article } from "../articles/model";
import type { SiteConfig } from "../site/config";

/** The reader's instance, remembered in a first-party cookie scoped to /share/. */
export const MASTODON_COOKIE = "herald_mastodon";

/**
 * The longest host name DNS carries (RFC 1035 §2.3.4: 255 octets on the wire, which is 253
 * characters written out without the trailing dot); each label is at most 63.
 */
export const MAX_HOST_NAME_CHARS = 253;

const FQDN_RULES = { require_tld: true, allow_numeric_tld: false, allow_underscores: false, allow_trailing_dot: false };

/**
 * A Mastodon instance as a reader types it: "mastodon.social", also with "https://" or a
 * trailing "/". Anything with a path, a port, credentials, an IP address or another scheme is
 * refused, so the share can only go to `https://<host>/share`; so is a name past DNS's limits,
 * measured in the ASCII form it travels in (an international name grows as punycode).
 */
export function parseInstance(input: string): string | undefined {
  const typed = input
    .trim()
    .toLowerCase()
    .replace(/^https:\/\//, "")
    .replace(/\/$/, "");
  if (!typed || isIP(typed) || /[/\\:@?#\s]/.test(typed)) return undefined;
  if (!isFQDN(typed, FQDN_RULES)) return undefined;
  // International names become their ASCII (punycode) form, as they travel in a URL.
  const host = URL.parse(`https://${typed}`)?.hostname;
  if (!host || !/^[a-z0-9.-]+$/.test(host) || host.length > MAX_HOST_NAME_CHARS) return undefined;
  // isFQDN holds each label to 63 characters; the punycode labels are the ones DNS sees.
  return isFQDN(host, FQDN_RULES) ? host : undefined;
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
