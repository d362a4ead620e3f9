import isFQDN from "validator/es/lib/isFQDN";
import isIP from "validator/es/lib/isIP";
import type { SiteConfig } from "../env";
import type { Article } from "../articles/model";
import { Layout } from "../pages/layout";

/** The reader's instance, remembered in a first-party cookie scoped to /share/. */
export const MASTODON_COOKIE = "herald_mastodon";

/**
 * A Mastodon instance as a reader types it: "mastodon.social", also with "https://" or a
 * trailing "/". Anything with a path, a port, credentials, an IP address or another scheme is
 * refused, so the share can only go to `https://<host>/share`.
 */
export function parseInstance(input: string): string | undefined {
  const typed = input.trim().toLowerCase().replace(/^https:\/\//, "").replace(/\/$/, "");
  if (!typed || isIP(typed) || /[/\\:@?#\s]/.test(typed)) return undefined;
  if (!isFQDN(typed, { require_tld: true, allow_numeric_tld: false, allow_underscores: false, allow_trailing_dot: false })) return undefined;
  // International names become their ASCII (punycode) form, as they travel in a URL.
  const host = URL.parse(`https://${typed}`)?.hostname;
  return host && /^[a-z0-9.-]+$/.test(host) ? host : undefined;
}

/** The small form that asks for the reader's instance: no script, no third-party request. */
export function MastodonForm({ site, article, action, error, value }: { site: SiteConfig; article: Article; action: string; error?: string; value?: string }) {
  return (
    <Layout site={site} title={`Share on Mastodon – ${site.name}`}>
      <h1>Share on Mastodon</h1>
      <p>“{article.title}”</p>
      <form method="post" action={action}>
        <p>
          <label for="instance">Your Mastodon server</label>
          <br />
          <input
            id="instance"
            name="instance"
            type="text"
            inputmode="url"
            autocomplete="url"
            placeholder="mastodon.social"
            required
            value={value}
            aria-invalid={error ? "true" : undefined}
            aria-describedby={error ? "instance-error" : undefined}
          />
        </p>
        {error ? (
          <p id="instance-error" role="alert">
            {error}
          </p>
        ) : null}
        <p>
          <button type="submit">Share</button>
        </p>
      </form>
    </Layout>
  );
}
