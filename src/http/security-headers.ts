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
  list: [string, string][];
}

/**
 * Per configuration (the share stylesheet's hash depends on the networks): worked out once,
 * and kept once known for answers that must not wait.
 */
const building = new WeakMap<SiteConfig, Promise<SecurityHeaders>>();
const built = new WeakMap<SiteConfig, SecurityHeaders>();

/**
 * Security headers for every response. The Content-Security-Policy allows exactly the inline
 * stylesheets and the share bar's script (by hash), images over https, and the video hosts the
 * sanitiser lets through: no other script and no third-party request unless an article embeds
 * a video.
 */
async function buildSecurityHeaders(site: SiteConfig): Promise<SecurityHeaders> {
  const networks = enabledNetworks(site);
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
  const probe = await new Hono().use(middleware).get("/", (c) => c.body(null)).request("/");
  return { middleware, list: [...probe.headers] };
}

function securityHeadersFor(site: SiteConfig): Promise<SecurityHeaders> {
  let found = building.get(site);
  if (!found) {
    found = buildSecurityHeaders(site);
    building.set(site, found);
    found.then((headers) => built.set(site, headers), (err) => console.error("security headers:", err));
  }
  return found;
}

export function securityHeaders(): MiddlewareHandler<AppEnv> {
  return async (c, next) => (built.get(c.var.site) ?? (await securityHeadersFor(c.var.site))).middleware(c, next);
}

/**
 * The headers the middleware sets for this configuration, if already worked out (the first
 * request through the app does it); undefined before that.
 */
export function securityHeaderList(site: SiteConfig): [string, string][] | undefined {
  const known = built.get(site);
  if (!known) void securityHeadersFor(site);
  return known?.list;
}
