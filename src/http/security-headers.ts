import type { MiddlewareHandler } from "hono";
import { secureHeaders } from "hono/secure-headers";
import { ALLOWED_IFRAME_HOSTS } from "../articles/ingest/sanitize";
import { SITE_CSS } from "../pages/styles";
import { SHARE_BAR_CSS, SHARE_BAR_SCRIPT } from "../share/assets";
import { sha256, toBase64 } from "./hash";

async function cspHash(text: string): Promise<string> {
  return `'sha256-${toBase64(await sha256(text))}'`;
}

let middleware: MiddlewareHandler | undefined;

/**
 * Security headers for every response. The Content-Security-Policy allows exactly the inline
 * stylesheets and the share bar's script (by hash), images over https, and the video hosts the
 * sanitiser lets through: no other script and no third-party request unless an article embeds
 * a video.
 */
export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    middleware ??= secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'none'"],
        styleSrc: [await cspHash(SITE_CSS), await cspHash(SHARE_BAR_CSS)],
        scriptSrc: [await cspHash(SHARE_BAR_SCRIPT)],
        imgSrc: ["'self'", "https:", "data:"],
        frameSrc: ALLOWED_IFRAME_HOSTS.map((host) => `https://${host}`),
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'self'"],
      },
      referrerPolicy: "strict-origin-when-cross-origin",
      crossOriginResourcePolicy: false,
      crossOriginEmbedderPolicy: false,
      strictTransportSecurity: false,
    });
    return middleware(c, next);
  };
}
