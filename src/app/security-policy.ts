import { sha256 } from "@noble/hashes/sha2.js";
import { utf8ToBytes } from "@noble/hashes/utils.js";
import { DESK_CSS } from "../admin/desk/desk-styles";
import { ALLOWED_IFRAME_HOSTS } from "../articles/ingest/sanitize";
import { toBase64 } from "../http/hash";
import { type SecurityHeaders, securityHeaders } from "../http/security-headers";
import { SITE_CSS } from "../pages/styles";
import { SHARE_BAR_SCRIPT } from "../share/assets";
import { shareBarStylesheet } from "../share/render";
import type { SiteConfig } from "../site/config";

/**
 * A CSP hash source. Synchronous (a pure-JS SHA-256) so the policy is complete from the first
 * request, for the answers that skip routing too; it is worked out once per configuration.
 */
function cspHash(text: string): string {
  return `'sha256-${toBase64(sha256(utf8ToBytes(text)))}'`;
}

/**
 * The security policy: which inline code and which hosts a Herald page may use. The CSP allows
 * exactly the site stylesheet and the share bar's stylesheet and script (by hash; the bar's
 * stylesheet depends on the configured networks), images over https, fetches to the page's own
 * origin, and the video hosts the sanitiser lets through: no other script and no third-party request unless an article embeds
 * a video.
 */
function buildPolicy(site: SiteConfig): SecurityHeaders {
  return securityHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'none'"],
      styleSrc: [cspHash(SITE_CSS), cspHash(shareBarStylesheet(site)), cspHash(DESK_CSS)],
      scriptSrc: [cspHash(SHARE_BAR_SCRIPT)],
      imgSrc: ["'self'", "https:", "data:"],
      // Nothing on a Herald page fetches, but Lighthouse's SEO audit reads /robots.txt from the
      // page's own context and reports it unreadable under default-src 'none'; same origin only.
      connectSrc: ["'self'"],
      frameSrc: ALLOWED_IFRAME_HOSTS.map((host) => `https://${host}`),
      baseUri: ["'none'"],
      // The Mastodon form's answer redirects to the reader's server, which browsers check too.
      formAction: ["'self'", "https:"],
      frameAncestors: ["'self'"],
    },
    overrides: { "Referrer-Policy": "strict-origin-when-cross-origin" },
    // Edge mode: the origin's pages keep the origin's own policy; Herald's would block the
    // theme's scripts and styles.
    except: (c) => c.get("servedByOrigin") === true,
  });
}

const policies = new WeakMap<SiteConfig, SecurityHeaders>();

/** The policy for this configuration (one per isolate in production). */
export function securityPolicy(site: SiteConfig): SecurityHeaders {
  let policy = policies.get(site);
  if (!policy) {
    policy = buildPolicy(site);
    policies.set(site, policy);
  }
  return policy;
}
