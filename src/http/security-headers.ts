import { Hono, type MiddlewareHandler } from "hono";
import { secureHeaders } from "hono/secure-headers";
import { ALLOWED_IFRAME_HOSTS } from "../articles/ingest/sanitize";
import { SITE_CSS } from "../pages/styles";
import type { AppEnv, SiteConfig } from "../env";
import { SHARE_BAR_SCRIPT, shareBarCss } from "../share/assets";
import { enabledNetworks } from "../share/render";
import { sha256, toBase64 } from "./hash";

async function cspHash(text: string): Promise<string> {
  return `'sha256-${toBase64(await sha256(text))}'`;
}

interface SecurityHeaders {
  middleware: MiddlewareHandler;
  /** The headers the middleware sets, for answers that skip routing (hot responses). */
  list: Promise<[string, string][]>;
}

/** One set per share configuration (its stylesheet's hash depends on the networks). */
const byNetworks = new Map<string, SecurityHeaders>();

/**
 * Security headers for every response. The Content-Security-Policy allows exactly the inline
 * stylesheets and the share bar's script (by hash), images over https, and the video hosts the
 * sanitiser lets through: no other script and no third-party request unless an article embeds
 * a video.
 */
async function securityHeadersFor(site: SiteConfig): Promise<SecurityHeaders> {
  const networks = enabledNetworks(site);
  const key = networks.map((n) => n.id).join(",");
  let found = byNetworks.get(key);
  if (!found) {
    const middleware = secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'none'"],
        styleSrc: [await cspHash(SITE_CSS), await cspHash(shareBarCss(networks))],
        scriptSrc: [await cspHash(SHARE_BAR_SCRIPT)],
        imgSrc: ["'self'", "https:", "data:"],
        frameSrc: ALLOWED_IFRAME_HOSTS.map((host) => `https://${host}`),
        baseUri: ["'none'"],
        // The Mastodon form's answer redirects to the reader's server, which browsers check too.
        formAction: ["'self'", "https:"],
        frameAncestors: ["'self'"],
      },
      referrerPolicy: "strict-origin-when-cross-origin",
      crossOriginResourcePolicy: false,
      crossOriginEmbedderPolicy: false,
      strictTransportSecurity: false,
    });
    // What the middleware sets does not depend on the request: read it off one empty answer.
    const probe = new Hono().use(middleware).get("/", (c) => c.body(null));
    const list = Promise.resolve(probe.request("/")).then((res) => [...res.headers]);
    found = { middleware, list };
    byNetworks.set(key, found);
  }
  return found;
}

export function securityHeaders(): MiddlewareHandler<AppEnv> {
  return async (c, next) => (await securityHeadersFor(c.var.site)).middleware(c, next);
}

/** Each configuration's list once it is known, for answers that must not wait (the hot path). */
const knownLists = new WeakMap<SiteConfig, [string, string][]>();

/**
 * The headers the middleware sets for this configuration, if already worked out (the first
 * request through the app does it); undefined before that.
 */
export function securityHeaderList(site: SiteConfig): [string, string][] | undefined {
  const known = knownLists.get(site);
  if (!known) {
    securityHeadersFor(site)
      .then(({ list }) => list)
      .then((list) => knownLists.set(site, list), (err) => console.error("security headers:", err));
  }
  return known;
}
