import { verifyWithJwks } from "hono/jwt";
import type { HonoJsonWebKey } from "hono/utils/jwt/jws";

/**
 * Cloudflare Access in front of the desk. Access signs every request it lets through with a
 * JWT in the `Cf-Access-Jwt-Assertion` header (RS256, keys at
 * https://<team>.cloudflareaccess.com/cdn-cgi/access/certs, rotated every 6 weeks with the old
 * key still published for 7 days; `aud` holds the application's audience tag and `iss` the
 * team domain): developers.cloudflare.com/cloudflare-one/identity/authorization-cookie/validating-json/
 * (Dec 2026). Trusting the header without checking it would let anyone who reaches the Worker
 * directly (a workers.dev URL, a misrouted hostname) claim to be staff.
 */
export const ACCESS_JWT_HEADER = "Cf-Access-Jwt-Assertion";

/** Access's logout on the protected hostname: it ends the Access session and clears its cookie. */
export const ACCESS_LOGOUT_PATH = "/cdn-cgi/access/logout";

/** How long fetched keys are trusted before they are fetched again; an unknown `kid` fetches them at once. */
const KEYS_TTL_MS = 60 * 60 * 1000;
/**
 * An unknown `kid` fetches the keys again at most this often: anyone who reaches the Worker can
 * send tokens with made-up key ids, and each must not cost a request to Access. A rotation
 * publishes the new key well before signing with it, so a minute's wait never refuses staff.
 */
const REFETCH_MIN_MS = 60 * 1000;

export interface AccessSettings {
  teamDomain: string;
  audience: string;
}

export interface AccessIdentity {
  /** The user's email (service tokens have none: their common name instead). */
  name: string;
  /** Access's stable user id (`sub`), or the service token's client id. */
  subject: string;
}

let cachedKeys: { teamDomain: string; keys: HonoJsonWebKey[]; fetchedAt: number } | undefined;

/** Access's keys could not be fetched: the desk cannot check anyone, which is not the user's fault. */
export class AccessKeysUnavailable extends Error {
  constructor(teamDomain: string, why: string) {
    super(`Cloudflare Access keys from ${teamDomain}: ${why}`);
    this.name = "AccessKeysUnavailable";
  }
}

async function fetchKeys(teamDomain: string, fetcher: typeof fetch): Promise<HonoJsonWebKey[]> {
  let body: { keys?: HonoJsonWebKey[] };
  try {
    const response = await fetcher(`https://${teamDomain}/cdn-cgi/access/certs`, { signal: AbortSignal.timeout(5000) });
    if (!response.ok) throw new AccessKeysUnavailable(teamDomain, `answered ${response.status}`);
    body = (await response.json()) as { keys?: HonoJsonWebKey[] };
  } catch (err) {
    throw err instanceof AccessKeysUnavailable ? err : new AccessKeysUnavailable(teamDomain, String(err));
  }
  if (!Array.isArray(body.keys) || body.keys.length === 0) throw new AccessKeysUnavailable(teamDomain, "no keys published");
  return body.keys;
}

/** The team's keys, from this isolate's copy while it is younger than `maxAgeMs`. */
async function teamKeys(teamDomain: string, fetcher: typeof fetch, now: number, maxAgeMs: number): Promise<HonoJsonWebKey[]> {
  if (cachedKeys?.teamDomain === teamDomain && now - cachedKeys.fetchedAt < maxAgeMs) return cachedKeys.keys;
  const keys = await fetchKeys(teamDomain, fetcher);
  cachedKeys = { teamDomain, keys, fetchedAt: now };
  return keys;
}

function kidOf(token: string): string | undefined {
  try {
    const header = JSON.parse(atob((token.split(".")[0] ?? "").replace(/-/g, "+").replace(/_/g, "/"))) as { kid?: unknown };
    return typeof header.kid === "string" ? header.kid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The identity in a valid Access JWT, or undefined: a bad signature, another application's
 * audience, another team's issuer, an expired or not-yet-valid token, or anything not a JWT.
 * `now` dates the key cache; Hono checks `exp` and `nbf` against the real clock.
 * Throws AccessKeysUnavailable only when the keys cannot be fetched (Access's problem, not the user's).
 */
export async function verifyAccessJwt(
  token: string,
  access: AccessSettings,
  fetcher: typeof fetch = fetch,
  now = Date.now(),
): Promise<AccessIdentity | undefined> {
  const kid = kidOf(token);
  if (!kid) return undefined;
  let keys = await teamKeys(access.teamDomain, fetcher, now, KEYS_TTL_MS);
  if (!keys.some((key) => key.kid === kid)) keys = await teamKeys(access.teamDomain, fetcher, now, REFETCH_MIN_MS);
  try {
    const payload = await verifyWithJwks(token, {
      keys,
      allowedAlgorithms: ["RS256"],
      verification: { iss: `https://${access.teamDomain}`, aud: access.audience },
    });
    // Hono checks exp only when present; Access always sets it, and a token without one never expires.
    if (typeof payload.exp !== "number") return undefined;
    const subject = typeof payload.sub === "string" && payload.sub !== "" ? payload.sub : payload.common_name;
    if (typeof subject !== "string" || subject === "") return undefined;
    const name = typeof payload.email === "string" && payload.email !== "" ? payload.email : subject;
    return { name, subject };
  } catch {
    return undefined;
  }
}

/** Forgets this isolate's keys (tests switch teams and key pairs). */
export function forgetAccessKeys(): void {
  cachedKeys = undefined;
}
