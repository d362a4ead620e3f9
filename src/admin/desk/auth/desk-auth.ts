import type { Context, MiddlewareHandler } from "hono";
import { BEARER_TOKEN } from "../../../http/admin-auth";
import { DESK_ROUTES } from "../../../site/urls";
import type { DeskDeps } from "../desk-deps";
import type { DeskEnv, DeskUser } from "../desk-env";
import { deskMessage } from "../desk-message";
import { ACCESS_JWT_HEADER, AccessKeysUnavailable, verifyAccessJwt } from "./access-jwt";
import { CSRF_FIELD, csrfToken, sameCsrfToken } from "./csrf";
import { deskSecret } from "./desk-key";
import { readSession } from "./session";

/** The admin token, when it is set and usable; the desk is closed without one, never open. */
export function deskAdminToken(c: Context<DeskEnv>): string | undefined {
  const token = c.env.ADMIN_TOKEN;
  // The admin API's rule (RFC 6750 token characters), so one token works for both or neither.
  return token && BEARER_TOKEN.test(token) ? token : undefined;
}

export function deskClosed(c: Context<DeskEnv>) {
  return deskMessage(c, 503, {
    title: "The desk is closed",
    text: "ADMIN_TOKEN is not set (or is not a token). Set it with `wrangler secret put ADMIN_TOKEN`; the desk signs staff in with it.",
    next: { href: "/", label: "Go to the site" },
  });
}

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** The signed-in user, through Cloudflare Access when configured, else through the desk's session cookie. */
async function signedInUser(c: Context<DeskEnv>, adminToken: string, deps: DeskDeps): Promise<DeskUser | "expired" | undefined> {
  const now = deps.now?.() ?? new Date();
  const csrfSecret = await deskSecret(adminToken, "csrf");
  const access = c.var.site.deskAccess;
  if (access) {
    const jwt = c.req.header(ACCESS_JWT_HEADER);
    const identity = jwt ? await verifyAccessJwt(jwt, access, deps.fetcher, now.getTime()) : undefined;
    if (!identity) return undefined;
    return { name: identity.name, via: "access", csrfToken: await csrfToken(csrfSecret, { access: identity.subject }) };
  }
  const session = await readSession(c, await deskSecret(adminToken, "session"), now);
  if (session === "expired") return "expired";
  if (typeof session === "string") return undefined;
  c.set("deskSession", session);
  return { name: "admin", via: "token", csrfToken: await csrfToken(csrfSecret, { session: session.id }) };
}

/**
 * Lets only staff through: a valid Access JWT or an unexpired, signed session. A page request
 * without one goes to the sign-in form; a form post without one, or without the user's CSRF
 * token, or sent from another site, is refused and changes nothing.
 */
export function requireDeskUser(deps: DeskDeps = {}): MiddlewareHandler<DeskEnv> {
  return async (c, next) => {
    const adminToken = deskAdminToken(c);
    if (!adminToken) return deskClosed(c);
    let user: Awaited<ReturnType<typeof signedInUser>>;
    try {
      user = await signedInUser(c, adminToken, deps);
    } catch (err) {
      if (!(err instanceof AccessKeysUnavailable)) throw err;
      console.error(err.message);
      c.header("Retry-After", "30");
      return deskMessage(c, 503, {
        title: "Cloudflare Access cannot be checked",
        text: "The desk could not fetch Cloudflare Access's signing keys, so it cannot tell who you are. Nothing was changed; try again in a minute.",
        next: { href: "/", label: "Go to the site" },
      });
    }
    if (user === undefined || user === "expired") {
      if (c.var.site.deskAccess) {
        return deskMessage(c, 403, {
          title: "Sign in through Cloudflare Access",
          text: "This desk is behind Cloudflare Access, and this request did not carry a valid Access token. Open the desk through its Access-protected address.",
          next: { href: "/", label: "Go to the site" },
        });
      }
      if (!UNSAFE.has(c.req.method)) {
        return c.redirect(user === "expired" ? `${DESK_ROUTES.signIn}?expired=1` : DESK_ROUTES.signIn, 303);
      }
      return deskMessage(c, 401, {
        title: user === "expired" ? "Your session has ended" : "Not signed in",
        text: "Nothing was changed. Sign in again, then repeat what you were doing.",
        next: { href: DESK_ROUTES.signIn, label: "Sign in" },
      });
    }
    c.set("deskUser", user);
    if (UNSAFE.has(c.req.method)) {
      // Browsers say where a request comes from; a form posted from another site is refused
      // before its body is read (the CSRF token below would refuse it too).
      const fetchSite = c.req.header("Sec-Fetch-Site");
      const form = fetchSite === "cross-site" || fetchSite === "same-site" ? {} : await c.req.parseBody();
      if (!(await sameCsrfToken(form[CSRF_FIELD], user.csrfToken))) {
        return deskMessage(c, 403, {
          title: "This form has expired",
          text: "The form was not sent from this desk in this session (or has been open since before you last signed in), so nothing was changed. Reload the page and try again.",
        });
      }
    }
    await next();
  };
}
