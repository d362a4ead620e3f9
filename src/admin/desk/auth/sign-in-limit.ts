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

/**
 * Counts a sign-in attempt against the client before the token is checked, and says whether it
 * may go ahead: one statement that counts and answers, so parallel guesses cannot all pass a
 * check made before any of them was counted. A window that has passed starts again at 1; a
 * successful sign-in clears the count.
 */
export async function countSignInAttempt(db: D1Database, client: string, now: Date): Promise<SignInLimit> {
  const windowOpenedAfter = new Date(now.getTime() - SIGN_IN_WINDOW_SECONDS * 1000).toISOString();
  const row = await db
    .prepare(
      `INSERT INTO desk_sign_in_failures (client, window_start, failures) VALUES (?1, ?2, 1)
       ON CONFLICT (client) DO UPDATE SET
         failures = CASE WHEN window_start > ?3 THEN failures + 1 ELSE 1 END,
         window_start = CASE WHEN window_start > ?3 THEN window_start ELSE ?2 END
       RETURNING window_start, failures`,
    )
    .bind(client, now.toISOString(), windowOpenedAfter)
    .first<{ window_start: string; failures: number }>();
  if (!row || row.failures <= SIGN_IN_FAILURES_ALLOWED) return {};
  const windowEnds = Date.parse(row.window_start) + SIGN_IN_WINDOW_SECONDS * 1000;
  return { retryAfter: Math.max(1, Math.ceil((windowEnds - now.getTime()) / 1000)) };
}

/** A successful sign-in clears the client's count; windows long past go with it, so the table stays small. */
export async function clearSignInFailures(db: D1Database, client: string, now: Date): Promise<void> {
  const windowOpenedAfter = new Date(now.getTime() - SIGN_IN_WINDOW_SECONDS * 1000).toISOString();
  await db.prepare("DELETE FROM desk_sign_in_failures WHERE client = ? OR window_start <= ?").bind(client, windowOpenedAfter).run();
}
