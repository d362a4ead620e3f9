import type { MiddlewareHandler } from "hono";
import { bearerAuth } from "hono/bearer-auth";
import { HttpError } from "./errors";

/** Where the admin secret comes from (`wrangler secret put ADMIN_TOKEN`). */
type AdminEnv = { Bindings: { ADMIN_TOKEN?: string } };

/** What a bearer token may contain (RFC 6750); Hono's bearerAuth refuses anything else. */
const BEARER_TOKEN = /^[A-Za-z0-9._~+/-]+=*$/;

/**
 * Requires `Authorization: Bearer <ADMIN_TOKEN>`. Hono's bearerAuth compares in constant
 * time (hashes both sides before comparing). Without a configured secret the admin API is
 * closed, never open.
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
    const unauthorized = { error: "unauthorized", details: ["send Authorization: Bearer <ADMIN_TOKEN>"] };
    return bearerAuth<AdminEnv>({
      token,
      noAuthenticationHeader: { message: unauthorized },
      invalidAuthenticationHeader: { message: { error: "malformed Authorization header", details: ["expected: Bearer <token>"] } },
      invalidToken: { message: { error: "unauthorized", details: ["the bearer token is not valid"] } },
    })(c, next);
  };
}
