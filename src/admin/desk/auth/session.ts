import type { Context } from "hono";
import { deleteCookie, getSignedCookie, setSignedCookie } from "hono/cookie";
import { sha256, toHex } from "../../../http/hash";
import type { SiteConfig } from "../../../site/config";
import { DESK_PREFIX } from "../../../site/urls";
import type { DeskEnv, DeskSession } from "../desk-env";

/** The session cookie's name: scoped to /desk/, so no public page ever sees it. */
export const SESSION_COOKIE = "herald_desk";

/** A working shift: long enough not to sign an editor out mid-story, short enough that a forgotten laptop's session ends the same day. */
export const SESSION_SECONDS = 8 * 60 * 60;

/**
 * Secure everywhere but on a localhost SITE_URL (`npm start`), where the browser gets plain
 * http. Decided from configuration, never from the request's Host header.
 */
export function cookieIsSecure(site: SiteConfig): boolean {
  const host = new URL(site.url).hostname;
  return !(host === "localhost" || host === "127.0.0.1" || host === "[::1]");
}

const idHash = async (id: string) => toHex(await sha256(id));

/** The cookie's value: the session id and its expiry in Unix seconds, signed (HMAC-SHA256) by Hono's signed-cookie helper. */
const cookieValue = (session: DeskSession) => `${session.id}.${Math.floor(session.expiresAt.getTime() / 1000)}`;

/** Starts a session: a row in D1 and a signed, HttpOnly, SameSite=Strict cookie. */
export async function startSession(c: Context<DeskEnv>, secret: Uint8Array, now: Date): Promise<DeskSession> {
  const { db, site } = c.var;
  const id = toHex(crypto.getRandomValues(new Uint8Array(32)));
  const session = { id, expiresAt: new Date(now.getTime() + SESSION_SECONDS * 1000) };
  await db.batch([
    db
      .prepare("INSERT INTO desk_sessions (id_hash, created_at, expires_at) VALUES (?, ?, ?)")
      .bind(await idHash(id), now.toISOString(), session.expiresAt.toISOString()),
    // Sessions nobody signed out of go when they have expired, so the table stays small.
    db.prepare("DELETE FROM desk_sessions WHERE expires_at <= ?").bind(now.toISOString()),
  ]);
  await setSignedCookie(c, SESSION_COOKIE, cookieValue(session), secret, {
    path: DESK_PREFIX,
    httpOnly: true,
    sameSite: "Strict",
    secure: cookieIsSecure(site),
    maxAge: SESSION_SECONDS,
    expires: session.expiresAt,
  });
  return session;
}

/** Why a request has no session: no cookie, a cookie whose signature fails, or one past its expiry or signed out. */
export type NoSession = "none" | "invalid" | "expired";

/**
 * The request's session, checked three ways: the signature (a tampered cookie or one signed
 * with another key fails), the expiry inside the signed value (a cookie kept past its Max-Age
 * fails), and the row in D1 (a signed-out session fails).
 */
export async function readSession(c: Context<DeskEnv>, secret: Uint8Array, now: Date): Promise<DeskSession | NoSession> {
  const value = await getSignedCookie(c, secret, SESSION_COOKIE);
  if (value === undefined) return "none";
  if (value === false) return "invalid";
  const match = /^([0-9a-f]{64})\.([0-9]{1,12})$/.exec(value);
  if (!match?.[1] || !match[2]) return "invalid";
  const session = { id: match[1], expiresAt: new Date(Number(match[2]) * 1000) };
  if (session.expiresAt.getTime() <= now.getTime()) return "expired";
  const row = await c.var.db
    .prepare("SELECT expires_at FROM desk_sessions WHERE id_hash = ? AND expires_at > ?")
    .bind(await idHash(session.id), now.toISOString())
    .first();
  return row ? session : "expired";
}

/** Ends a session: its row goes (so a copy of the cookie is worthless), and so does the cookie. Expired rows go with it. */
export async function endSession(c: Context<DeskEnv>, session: DeskSession | undefined, now: Date): Promise<void> {
  const { db, site } = c.var;
  await db.batch([
    ...(session ? [db.prepare("DELETE FROM desk_sessions WHERE id_hash = ?").bind(await idHash(session.id))] : []),
    db.prepare("DELETE FROM desk_sessions WHERE expires_at <= ?").bind(now.toISOString()),
  ]);
  deleteCookie(c, SESSION_COOKIE, { path: DESK_PREFIX, secure: cookieIsSecure(site), httpOnly: true, sameSite: "Strict" });
}
