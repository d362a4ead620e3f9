import { timingSafeEqual } from "hono/utils/buffer";
import { toHex } from "../../../http/hash";

const encoder = new TextEncoder();

/**
 * The desk's secret for one purpose (session cookies, CSRF tokens, sign-in limits), derived
 * from ADMIN_TOKEN as HMAC-SHA256(ADMIN_TOKEN, purpose): no second secret to set, and rotating
 * the token ends every session and invalidates every open form.
 */
export function deskSecret(adminToken: string, purpose: "session" | "csrf" | "client"): Promise<Uint8Array> {
  return hmacBytes(encoder.encode(adminToken), `herald desk ${purpose} v1`);
}

async function hmacBytes(secret: Uint8Array, message: string): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey("raw", secret, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(message)));
}

/** HMAC-SHA256 of `message` under `secret`, as lowercase hex. */
export async function hmacHex(secret: Uint8Array, message: string): Promise<string> {
  return toHex(await hmacBytes(secret, message));
}

/** True when two secrets are equal, in time that does not depend on where they differ (Hono hashes both sides first). */
export function sameSecret(given: string, expected: string): Promise<boolean> {
  return timingSafeEqual(given, expected);
}
