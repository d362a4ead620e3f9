import { type Context, Hono } from "hono";
import { DESK_ROUTES } from "../../../site/urls";
import type { DeskDeps } from "../desk-deps";
import type { DeskEnv } from "../desk-env";
import { DeskLayout } from "../desk-layout";
import { ACCESS_LOGOUT_PATH } from "./access-jwt";
import { CSRF_FIELD, csrfToken, postedSignInNonce, sameCsrfToken, signInNonce } from "./csrf";
import { deskAdminToken, deskClosed, requireDeskUser } from "./desk-auth";
import { deskSecret, sameSecret } from "./desk-key";
import { cookieIsSecure, endSession, readSession, startSession } from "./session";
import { clearSignInFailures, countSignInAttempt, signInClient } from "./sign-in-limit";

/** What the form says when the desk sent someone back to it (`?expired`, `?signed-out`). */
const SIGN_IN_NOTICES = [
  ["expired", "Your session has ended. Sign in again to go on."],
  ["signed-out", "You are signed out."],
] as const;

/** The sign-in form's field for the admin token. */
const TOKEN_FIELD = "token";

interface SignInFormProps {
  csrf: string;
  /** Why the form is shown again: a wrong token, an ended session, a form too old. */
  problem?: string;
  notice?: string;
}

function SignInForm({ csrf, problem, notice }: SignInFormProps) {
  return (
    <div class="sign-in">
      <h1>Sign in to the desk</h1>
      {notice ? <p class="note">{notice}</p> : null}
      {problem ? (
        <p class="flash error" role="alert" id="sign-in-problem">
          {problem}
        </p>
      ) : null}
      <form method="post" action={DESK_ROUTES.signIn}>
        <input type="hidden" name={CSRF_FIELD} value={csrf} />
        <div>
          <label for="token">Admin token</label>
          <input
            type="password"
            id="token"
            name={TOKEN_FIELD}
            autocomplete="current-password"
            required
            aria-describedby={problem ? "sign-in-problem" : undefined}
          />
        </div>
        <button type="submit">Sign in</button>
      </form>
      <p class="muted">The token is the ADMIN_TOKEN secret the Worker was deployed with. You stay signed in for 8 hours.</p>
    </div>
  );
}

/** The sign-in form, answered with `status`; a problem or notice says why it is shown again. */
async function renderSignIn(
  c: Context<DeskEnv>,
  { adminToken, status, ...props }: Omit<SignInFormProps, "csrf"> & { adminToken: string; status: 200 | 401 | 403 | 429 },
) {
  const secret = await deskSecret(adminToken, "csrf");
  const nonce = await signInNonce(c, secret, cookieIsSecure(c.var.site));
  const csrf = await csrfToken(secret, { signIn: nonce });
  return c.html(
    <DeskLayout site={c.var.site} title="Sign in">
      <SignInForm csrf={csrf} {...props} />
    </DeskLayout>,
    status,
  );
}

/** Sign-in (the token form; behind Access, Access signs people in) and sign-out. */
export function signInRoutes(deps: DeskDeps = {}) {
  const now = () => deps.now?.() ?? new Date();
  const routes = new Hono<DeskEnv>();

  routes.get(DESK_ROUTES.signIn, async (c) => {
    const adminToken = deskAdminToken(c);
    if (!adminToken) return deskClosed(c);
    if (c.var.site.deskAccess) return c.redirect(DESK_ROUTES.home, 303);
    const session = await readSession(c, await deskSecret(adminToken, "session"), now());
    if (typeof session !== "string") return c.redirect(DESK_ROUTES.home, 303);
    const notice = SIGN_IN_NOTICES.find(([query]) => c.req.query(query) !== undefined)?.[1];
    return renderSignIn(c, { adminToken, status: 200, notice });
  });

  routes.post(DESK_ROUTES.signIn, async (c) => {
    const adminToken = deskAdminToken(c);
    if (!adminToken) return deskClosed(c);
    if (c.var.site.deskAccess) return c.redirect(DESK_ROUTES.home, 303);
    const at = now();
    const client = await signInClient(c.req.raw, await deskSecret(adminToken, "client"));
    const limit = await countSignInAttempt(c.var.db, client, at);
    if (limit.retryAfter !== undefined) {
      c.header("Retry-After", String(limit.retryAfter));
      return renderSignIn(c, {
        adminToken,
        status: 429,
        problem: `Too many wrong tokens from here. Try again in ${Math.ceil(limit.retryAfter / 60)} minutes.`,
      });
    }
    const form = await c.req.parseBody();
    const csrfSecret = await deskSecret(adminToken, "csrf");
    const nonce = await postedSignInNonce(c, csrfSecret);
    const csrfOk = nonce !== undefined && (await sameCsrfToken(form[CSRF_FIELD], await csrfToken(csrfSecret, { signIn: nonce })));
    if (!csrfOk) {
      return renderSignIn(c, {
        adminToken,
        status: 403,
        problem: "The sign-in form had expired or did not come from this desk. Please try again.",
      });
    }
    const token = form[TOKEN_FIELD];
    if (typeof token !== "string" || !(await sameSecret(token, adminToken))) {
      return renderSignIn(c, { adminToken, status: 401, problem: "That is not the admin token." });
    }
    await clearSignInFailures(c.var.db, client, at);
    await startSession(c, await deskSecret(adminToken, "session"), at);
    return c.redirect(DESK_ROUTES.home, 303);
  });

  routes.post(DESK_ROUTES.signOut, requireDeskUser(deps), async (c) => {
    // Behind Access the session is Access's: its own logout ends it (and its cookie) on this hostname.
    if (c.var.deskUser.via === "access") return c.redirect(ACCESS_LOGOUT_PATH, 303);
    await endSession(c, c.get("deskSession"), now());
    return c.redirect(`${DESK_ROUTES.signIn}?signed-out=1`, 303);
  });
  return routes;
}
