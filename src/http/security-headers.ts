import type { Context, MiddlewareHandler } from "hono";

/**
 * The headers every answer carries besides its Content-Security-Policy: the defaults of Hono's
 * `secureHeaders` (after helmet), kept as data so the same list serves the middleware and the
 * answers that skip routing. Left out on purpose:
 * Cross-Origin-Resource-Policy and Cross-Origin-Embedder-Policy would stop other sites from
 * showing the share cards and article images, and Strict-Transport-Security belongs to the
 * zone's TLS settings (it would also pin localhost to https during development).
 */
const DEFAULT_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "Cross-Origin-Opener-Policy": "same-origin",
  "Origin-Agent-Cluster": "?1",
  "Referrer-Policy": "no-referrer",
  "X-Content-Type-Options": "nosniff",
  "X-DNS-Prefetch-Control": "off",
  "X-Download-Options": "noopen",
  "X-Frame-Options": "SAMEORIGIN",
  "X-Permitted-Cross-Domain-Policies": "none",
  "X-XSS-Protection": "0",
};

/** CSP directives by camelCase name (`defaultSrc` is `default-src`), each a list of sources. */
export type CspDirectives = Record<string, string[]>;

export interface SecurityHeadersOptions {
  contentSecurityPolicy: CspDirectives;
  /** Headers to change or add. */
  overrides?: Record<string, string>;
  /** Answers that keep the headers they came with (another server's pages, passed through). */
  except?: (c: Context) => boolean;
}

export interface SecurityHeaders {
  /** The header list, in the order it is set. */
  headers: readonly [string, string][];
  /** Sets every header on the answer once the route has made it, errors included. */
  middleware: MiddlewareHandler;
}

/** CSP Level 3 serialisation: directives separated by "; ", each name then its sources. */
function serializeCsp(directives: CspDirectives): string {
  return Object.entries(directives)
    .map(([name, sources]) => [name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`), ...sources].join(" "))
    .join("; ");
}

/**
 * Security headers for every answer. The list is worked out here, once, from the options; the
 * middleware only copies it onto each answer after `next()`, so it covers error answers too.
 */
export function securityHeaders(options: SecurityHeadersOptions): SecurityHeaders {
  const headers = Object.entries({
    "Content-Security-Policy": serializeCsp(options.contentSecurityPolicy),
    ...DEFAULT_SECURITY_HEADERS,
    ...options.overrides,
  });
  return {
    headers,
    middleware: async (c, next) => {
      await next();
      if (options.except?.(c)) return;
      for (const [name, value] of headers) c.res.headers.set(name, value);
    },
  };
}
