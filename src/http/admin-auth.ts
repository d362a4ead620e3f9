import type { MiddlewareHandler } from "hono";
import { bearerAuth } from "hono/bearer-auth";
import { HttpError } from "./errors";

/** Where the admin secret comes from (`wrangler secret put ADMIN_TOKEN`). */
type AdminEnv = { Bindings: { ADMIN_TOKEN?: string } };

/** What a bearer token may contain (RFC 6750); Hono's bearerAuth refuses anything else. */
export const BEARER_TOKEN = /^[A-Za-z0-9._~+/-]+=*$/;

const SEND_BEARER = "send Authorization: Bearer <ADMIN_TOKEN>";

/** The 401 every refused credential gets (bearerAuth adds `WWW-Authenticate: Bearer …`). */
function unauthorized(detail: string): () => Response {
  return () => Response.json({ error: "unauthorized", details: [detail] }, { status: 401 });
}

/**
 * Requires `Authorization: Bearer <ADMIN_TOKEN>` (the scheme in any case, RFC 7235 §2.1);
 * anything else is a 401. Hono's bearerAuth compares in constant time (hashes both sides
 * before comparing). Without a configured secret the admin API is closed, never open.
 */
export function requireAdmin(): MiddlewareHandler<AdminEnv> {
  return async (c, next) => {
    const token = c.env.ADMIN_TOKEN;
    if (!token) {
      throw HttpError.json(503, "admin API disabled", ["ADMIN_TOKEN is not set; run `wrangler secret put ADMIN_TOKEN`"]);
    }
    if (!BEARER_TOKEN.test(token)) {
      throw HttpError.json(503, "admin API disabled", [
        "ADMIN_TOKEN may only contain letters, digits and . _ ~ + / - (RFC 6750 token characters)",
      ]);
    }
    return bearerAuth<AdminEnv>({
      token,
      noAuthenticationHeader: { message: unauthorized(SEND_BEARER) },
      // Hono answers a header that is not `Bearer <token>` with 400; the admin API promises
      // 401 for every missing or wrong credential (RFC 7235 §3.1: the request lacks valid
      // credentials), so a client has one status to act on.
      invalidAuthenticationHeader: { message: unauthorized(`the Authorization header is not a bearer token; ${SEND_BEARER}`) },
      invalidToken: { message: unauthorized(`the bearer token is not ADMIN_TOKEN; ${SEND_BEARER}`) },
    })(c, next);
  };
}
