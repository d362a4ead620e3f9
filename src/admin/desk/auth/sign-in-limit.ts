import { hmacHex } from "./desk-key";

/**
 * Failed sign-ins allowed per client per window. The token is long and random, so this is not
 * what keeps it safe; it keeps a script from spending the Worker's requests and D1's writes on
 * guesses, and makes a guessing run visible (the desk answers 429 with Retry-After).
 */
export const SIGN_IN_FAILURES_ALLOWED = 5;
export const SIGN_IN_WINDOW_SECONDS = 15 * 60;

export interface SignInLimit {
  /** Seconds until the client may try again, when it has used up its failures. */
  retryAfter?: number;
}

/**
 * The client a failure is counted against: a keyed hash of the connecting IP address
 * (Cloudflare's `CF-Connecting-IP`), so D1 never holds an address. Without the header (local
 * runs, tests) every client is one.
 */
export function signInClient(request: Request, secret: Uint8Array): Promise<string> {
  return hmacHex(secret, request.headers.get("CF-Connecting-IP") ?? "unknown");
}

/** Whether this client may try to sign in now. */
export async function checkSignInLimit(db: D1Database, client: string, now: Date): Promise<SignInLimit> {
  const row = await db
    .prepare("SELECT window_start, failures FROM desk_sign_in_failures WHERE client = ?")
    .bind(client)
    .first<{ window_start: string; failures: number }>();
  if (!row || row.failures < SIGN_IN_FAILURES_ALLOWED) return {};
  const windowEnds = Date.parse(row.window_start) + SIGN_IN_WINDOW_SECONDS * 1000;
  const wait = Math.ceil((windowEnds - now.getTime()) / 1000);
  return wait > 0 ? { retryAfter: wait } : {};
}

/** Counts a failed sign-in: in the current window, or as the first of a new one. */
export async function recordSignInFailure(db: D1Database, client: string, now: Date): Promise<void> {
  const windowOpenedAfter = new Date(now.getTime() - SIGN_IN_WINDOW_SECONDS * 1000).toISOString();
  await db
    .prepare(
      `INSERT INTO desk_sign_in_failures (client, window_start, failures) VALUES (?1, ?2, 1)
       ON CONFLICT (client) DO UPDATE SET
         failures = CASE WHEN window_start > ?3 THEN failures + 1 ELSE 1 END,
         window_start = CASE WHEN window_start > ?3 THEN window_start ELSE ?2 END`,
    )
    .bind(client, now.toISOString(), windowOpenedAfter)
    .run();
}

/** A successful sign-in clears the client's failures. */
export async function clearSignInFailures(db: D1Database, client: string): Promise<void> {
  await db.prepare("DELETE FROM desk_sign_in_failures WHERE client = ?").bind(client).run();
}
