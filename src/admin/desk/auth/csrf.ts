import type { Context } from "hono";
import { getSignedCookie, setSignedCookie } from "hono/cookie";
import { toHex } from "../../../http/hash";
import { DESK_ROUTES } from "../../../site/urls";
import { hmacHex, sameSecret } from "./desk-key";

/**
 * CSRF tokens: every desk form carries `csrf`, an HMAC (under a key derived from ADMIN_TOKEN)
 * of what ties the form to its user: the session id, the Access subject, or, on the sign-in
 * form, a nonce in a short-lived signed cookie. A page on another site can neither read the
 * token nor work it out, so a forged POST fails even where SameSite=Strict would not stop it
 * (an old browser, a same-site subdomain).
 */
export const CSRF_FIELD = "csrf";

/** What a CSRF token is bound to. */
export type CsrfBinding = { session: string } | { access: string } | { signIn: string };

function bindingText(binding: CsrfBinding): string {
  if ("session" in binding) return `session:${binding.session}`;
  if ("access" in binding) return `access:${binding.access}`;
  return `sign-in:${binding.signIn}`;
}

export function csrfToken(secret: Uint8Array, binding: CsrfBinding): Promise<string> {
  return hmacHex(secret, bindingText(binding));
}

/** True when a posted form's token is the expected one (constant-time). */
export async function sameCsrfToken(given: unknown, expected: string): Promise<boolean> {
  return typeof given === "string" && given !== "" && sameSecret(given, expected);
}

/** The sign-in form's nonce cookie: only the sign-in path sees it; it lasts as long as a form may sit open. */
const SIGN_IN_COOKIE = "herald_desk_sign_in";
const SIGN_IN_FORM_SECONDS = 30 * 60;

/**
 * The sign-in form's nonce: the one in the request's signed cookie (so two open tabs share it),
 * or a new one; set again on every answer, so the form lasts its full time from when it was shown.
 */
export async function signInNonce(c: Context, secret: Uint8Array, secure: boolean): Promise<string> {
  const existing = await getSignedCookie(c, secret, SIGN_IN_COOKIE);
  const nonce =
    typeof existing === "string" && /^[0-9a-f]{32}$/.test(existing) ? existing : toHex(crypto.getRandomValues(new Uint8Array(16)));
  await setSignedCookie(c, SIGN_IN_COOKIE, nonce, secret, {
    path: DESK_ROUTES.signIn,
    httpOnly: true,
    sameSite: "Strict",
    secure,
    maxAge: SIGN_IN_FORM_SECONDS,
  });
  return nonce;
}

/** The nonce a posted sign-in form was issued with, if its cookie is intact. */
export async function postedSignInNonce(c: Context, secret: Uint8Array): Promise<string | undefined> {
  const value = await getSignedCookie(c, secret, SIGN_IN_COOKIE);
  return typeof value === "string" ? value : undefined;
}
