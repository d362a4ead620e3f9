import { cacheEpoch, onPurge } from "../../http/edge-cache";
import { HotCache, type HotEntry } from "../../http/hot-cache";

/**
 * Origin pages kept in the Cache API, with a memory tier of their own in front (not the one the
 * hot path answers from before routing: an origin page is only answered after the visitor's
 * cookies are checked, and with the origin's headers). A copy is fresh for PAGE_FRESH_SECONDS, then
 * refetched; it is kept for STALE_KEEP_SECONDS so that while the origin is down or failing a
 * visitor still gets the last good page (stale-if-error, RFC 5861). An article change purges
 * its permalink (publish/), so a correction shows at once.
 */
export const PAGE_FRESH_SECONDS = 300;
const STALE_KEEP_SECONDS = 7 * 24 * 60 * 60;

/** A Cache API lookup held a cached page to a seventh of the origin's own rate on the benchmark machine. */
const memory = new HotCache({ maxBytes: 8 * 1024 * 1024, ttlMs: 5_000, immutableTtlMs: 5_000 });
onPurge((key) => memory.delete(key));

/** When the copy was fetched, and the origin's own Cache-Control to give back to browsers. */
const STORED_AT = "X-Herald-Stored-At";
const ORIGIN_CACHE_CONTROL = "X-Herald-Origin-Cache-Control";

/** Where an answer came from, in `X-Herald-Cache` (as Cloudflare's APO says in its own header). */
export type CacheState = "HIT" | "MISS" | "STALE" | "BYPASS";
export const CACHE_STATE_HEADER = "X-Herald-Cache";

/** A kept page as visitors get it: the origin's headers back, worked out once per copy. */
interface ServedCopy {
  status: number;
  headers: [string, string][];
  body: Uint8Array;
  storedAt: number;
  /**
   * The last headers built, reused while the age (in seconds) and the state are the same. Kept
   * as Headers, which the Response constructor copies natively; from a list of pairs it converts
   * every name and value (measured December 2026 on the cached rewritten page: 29% of the CPU
   * samples in building the Response from the list).
   */
  last?: { age: number; state: CacheState; headers: Headers };
}

const servedCopies = new WeakMap<HotEntry, ServedCopy>();

function servedCopy(entry: HotEntry): ServedCopy {
  let copy = servedCopies.get(entry);
  if (!copy) {
    const headers = new Headers(entry.headers);
    const storedAt = Number(headers.get(STORED_AT));
    const originCacheControl = headers.get(ORIGIN_CACHE_CONTROL);
    headers.delete(STORED_AT);
    headers.delete(ORIGIN_CACHE_CONTROL);
    // The Cache API's own Age counts from its put; the visitor's counts from the origin's answer.
    headers.delete("Age");
    if (originCacheControl) headers.set("Cache-Control", originCacheControl);
    else headers.delete("Cache-Control");
    copy = { status: entry.status, headers: [...headers], body: entry.body, storedAt };
    servedCopies.set(entry, copy);
  }
  return copy;
}

function ageOf(copy: ServedCopy, now: number): number {
  return Math.max(0, Math.floor((now - copy.storedAt) / 1000));
}

const isFresh = (copy: ServedCopy, age: number) => Number.isFinite(copy.storedAt) && age < PAGE_FRESH_SECONDS;

function respond(copy: ServedCopy, age: number, state: CacheState): Response {
  if (copy.last?.age !== age || copy.last.state !== state) {
    const headers = new Headers(copy.headers);
    headers.append("Age", String(age));
    headers.append(CACHE_STATE_HEADER, state);
    copy.last = { age, state, headers };
  }
  return new Response(copy.body, { status: copy.status, headers: copy.last.headers });
}

export interface KeptPage {
  fresh: boolean;
  /** The copy as the visitor gets it, with its age and where it came from. */
  response(state: CacheState): Response;
}

/** The kept copy of the page at `key`, and whether it is still fresh. */
export async function keptPage(key: string, now = Date.now()): Promise<KeptPage | undefined> {
  let entry = memory.get(key);
  if (!entry) {
    const epoch = cacheEpoch();
    const cached = await caches.default.match(key);
    if (!cached) return undefined;
    entry = { status: cached.status, headers: [...cached.headers], body: new Uint8Array(await cached.arrayBuffer()) };
    // A purge while the copy was read may have been for it: answer it once, keep it no longer.
    if (epoch === cacheEpoch()) memory.set(key, entry);
  }
  const copy = servedCopy(entry);
  const age = ageOf(copy, now);
  return { fresh: isFresh(copy, age), response: (state) => respond(copy, age, state) };
}

/**
 * The fresh copy of the page at `key` in this isolate's memory, as a HIT, if there is one:
 * synchronous, for the hot path. Only pages kept for everyone are there, so the caller only has
 * to check that the visitor is not one whose pages are personal.
 */
export function freshPageInMemory(key: string, now = Date.now()): Response | undefined {
  const entry = memory.get(key);
  if (!entry) return undefined;
  const copy = servedCopy(entry);
  const age = ageOf(copy, now);
  return isFresh(copy, age) ? respond(copy, age, "HIT") : undefined;
}

/**
 * True when the origin's answer may be kept for everyone: a 200 page without a cookie of its
 * own, which the origin did not mark private or no-store.
 */
export function mayKeep(response: Response): boolean {
  if (response.status !== 200 || response.headers.has("Set-Cookie")) return false;
  const cacheControl = response.headers.get("Cache-Control") ?? "";
  if (/(?:^|,)\s*(?:private|no-store)\b/i.test(cacheControl)) return false;
  // The key is the URL alone: an answer that varies by anything but encoding (User-Agent,
  // Cookie) is one visitor's variant and is not kept.
  const vary = (response.headers.get("Vary") ?? "").split(",").map((name) => name.trim().toLowerCase());
  return vary.every((name) => name === "" || name === "accept-encoding");
}

/**
 * Keeps a copy of the rewritten page; skipped when a purge ran since `epoch` (the copy may
 * hold what the purge was for). A failed store is logged: the next visitor only misses.
 */
export async function keepPage(key: string, response: Response, epoch: number): Promise<void> {
  if (epoch !== cacheEpoch()) return;
  const headers = new Headers(response.headers);
  headers.set(STORED_AT, String(Date.now()));
  const originCacheControl = headers.get("Cache-Control");
  if (originCacheControl) headers.set(ORIGIN_CACHE_CONTROL, originCacheControl);
  headers.set("Cache-Control", `public, max-age=${STALE_KEEP_SECONDS}`);
  headers.delete(CACHE_STATE_HEADER);
  try {
    const entry: HotEntry = { status: response.status, headers: [...headers], body: new Uint8Array(await response.arrayBuffer()) };
    if (epoch !== cacheEpoch()) return;
    memory.set(key, entry);
    await caches.default.put(key, new Response(entry.body, { status: entry.status, headers: entry.headers }));
    // A purge that ran while the copy was stored may have missed it.
    if (epoch !== cacheEpoch()) {
      memory.delete(key);
      await caches.default.delete(key);
    }
  } catch (err) {
    console.error(`edge mode: keeping ${key} failed`, err);
  }
}
