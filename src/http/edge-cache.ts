import { HotCache, type HotEntry } from "./hot-cache";
import type { SingleFlight } from "./single-flight";
import { StorageUnavailable } from "./storage-guard";

/**
 * The Workers Cache API, keyed by canonical URLs built from SITE_URL (never the request's
 * Host), with a small in-memory tier in front of it.
 *
 * The Cache API is a lookup outside the isolate: on the benchmark machine it held a cached
 * feed to about a quarter of a constant response's rate, so each isolate also keeps its hot
 * responses in memory. A purge clears both tiers here; another isolate that did not see the
 * purge keeps its copy at most HOT_TTL_MS (versioned, immutable cards never change). Cache API
 * entries live in one data centre, and the short max-age of every cached response bounds how
 * long another data centre can lag.
 */
const HOT_TTL_MS = 5_000;
const hot = new HotCache({ maxBytes: 16 * 1024 * 1024, ttlMs: HOT_TTL_MS, immutableTtlMs: 60 * 60_000 });

/** A fresh Response per request: bodies are shared, headers are not (later middleware adds its own). */
function responseOf(entry: HotEntry): Response {
  return new Response(entry.body, { status: entry.status, headers: entry.headers });
}

export async function fromEdgeCache(key: string): Promise<Response | undefined> {
  const kept = hot.get(key);
  if (kept) return responseOf(kept);
  const cached = await caches.default.match(key);
  if (!cached) return undefined;
  const entry = await snapshotOf(cached);
  hot.set(key, entry);
  return responseOf(entry);
}

/** Anything with waitUntil: the Worker's ExecutionContext, or Hono's view of it. */
export interface WaitUntil {
  waitUntil(promise: Promise<unknown>): void;
}

let purges = 0;

/**
 * Taken before reading what a response is built from. A response built while a purge ran may
 * hold what the purge was for, so storing it with its epoch is skipped when one has run since.
 */
export function cacheEpoch(): number {
  return purges;
}

async function snapshotOf(response: Response): Promise<HotEntry> {
  return { status: response.status, headers: [...response.headers], body: new Uint8Array(await response.arrayBuffer()) };
}

/**
 * Stale copies, for stale-if-error: every answer kept at the edge is also kept under its stale
 * key for STALE_KEEP_SECONDS, and read only when rendering it again failed because storage is
 * unavailable. The Cache API drops an entry at its max-age (60 s for pages and feeds) and never
 * serves stale by itself, so the day `stale-if-error=86400` promises needs a copy of Herald's
 * own. The stale key is the canonical URL with a query Herald never serves, in the same cache:
 * Cloudflare's purge by URL reaches it like any other (withStaleCopies), which a named cache's
 * entries would not be sure to be. Herald looks up only keys it builds, never a request's URL,
 * so no client can ask for a stale copy.
 */
const STALE_QUERY = "herald-stale-if-error";
const STALE_KEEP_SECONDS = 86_400;
/** When the copy was rendered, and the Cache-Control to give back when it is served. */
const STORED_AT = "X-Herald-Stored-At";
const SERVED_CACHE_CONTROL = "X-Herald-Served-Cache-Control";
/** Says an answer is a stale copy and why, beside its Age (RFC 9111 §5.1). */
export const STALE_HEADER = "X-Herald-Stale";

function staleKey(key: string): string {
  return `${key}${key.includes("?") ? "&" : "?"}${STALE_QUERY}`;
}

/** The keys and their stale copies' keys: what a purge in every data centre must name. */
export function withStaleCopies(keys: string[]): string[] {
  return keys.flatMap((key) => [key, staleKey(key)]);
}

function staleCopyOf(entry: HotEntry, now: number, keepSeconds: number): Response {
  const headers = new Headers(entry.headers);
  headers.set(SERVED_CACHE_CONTROL, headers.get("Cache-Control") ?? "");
  headers.set("Cache-Control", `max-age=${keepSeconds}`);
  headers.set(STORED_AT, String(now));
  return new Response(entry.body, { status: entry.status, headers });
}

/** The stale copy of `key` as a reader gets it: its own headers back, with its Age and the reason. */
async function fromStaleCopy(key: string, reason: string): Promise<Response | undefined> {
  const kept = await caches.default.match(staleKey(key));
  if (!kept) return undefined;
  const headers = new Headers(kept.headers);
  const storedAt = Number(headers.get(STORED_AT));
  const servedCacheControl = headers.get(SERVED_CACHE_CONTROL);
  headers.delete(STORED_AT);
  headers.delete(SERVED_CACHE_CONTROL);
  if (servedCacheControl) headers.set("Cache-Control", servedCacheControl);
  else headers.delete("Cache-Control");
  headers.set("Age", String(Number.isFinite(storedAt) ? Math.max(0, Math.floor((Date.now() - storedAt) / 1000)) : 0));
  headers.set(STALE_HEADER, reason);
  return new Response(kept.body, { status: kept.status, headers });
}

/** Keeps the fresh copy and, unless `staleSeconds` is 0, the stale one: two puts, each awaited by its caller. */
function storeEntry(
  key: string,
  entry: HotEntry,
  epoch?: number,
  staleSeconds = STALE_KEEP_SECONDS,
): { fresh: Promise<void>; stale: Promise<void> } {
  const done = Promise.resolve();
  if (epoch !== undefined && epoch !== purges) return { fresh: done, stale: done };
  hot.set(key, entry);
  const logged = (what: string) => (err: unknown) => console.error(`edge cache: storing ${what} of ${key} failed`, err);
  return {
    fresh: caches.default.put(key, responseOf(entry)).catch(logged("the answer")),
    stale:
      staleSeconds > 0
        ? caches.default.put(staleKey(key), staleCopyOf(entry, Date.now(), staleSeconds)).catch(logged("the stale copy"))
        : done,
  };
}

export async function storeInEdgeCache(key: string, response: Response, epoch?: number): Promise<void> {
  const { fresh, stale } = storeEntry(key, await snapshotOf(response), epoch);
  await Promise.all([fresh, stale]);
}

/** Other keepers of copies under canonical URLs (edge mode's origin pages), told of every purge. */
const purgeListeners: ((key: string) => void)[] = [];

export function onPurge(listener: (key: string) => void): void {
  purgeListeners.push(listener);
}

/**
 * Removes `keys` from this isolate's memory (and tells the listeners) and from this data
 * centre's Cache API, their stale copies included, so that an outage never brings back a
 * corrected or removed answer. `cacheApiLimit` bounds how many keys leave the Cache API here
 * (two deletes each, and each delete is a subrequest), the first keys first: the caller purges
 * the rest another way.
 */
export async function purgeEdgeCache(keys: string[], { cacheApiLimit = keys.length } = {}): Promise<void> {
  purges++;
  for (const key of keys) {
    hot.delete(key);
    for (const listener of purgeListeners) listener(key);
  }
  await Promise.all(keys.slice(0, cacheApiLimit).flatMap((key) => [caches.default.delete(key), caches.default.delete(staleKey(key))]));
}

/** The response kept in this isolate's memory under `key`, if any (for answers that skip routing). */
export function fromMemory(key: string): HotEntry | undefined {
  return hot.get(key);
}

export interface EdgeCacheOptions {
  /** The canonical URL the answer is kept under (built by site/urls, never from the Host header). */
  key: string;
  /**
   * How long the stale copy is kept (default a day): shorter when purges cannot reach other data
   * centres, so that an outage there cannot serve a removed answer for long; 0 for none (a
   * versioned, immutable answer stays in the cache anyway).
   */
  staleSeconds?: number;
  /** Where the stale copy is stored after the answer; without it (or `background`) it is awaited like the fresh one. */
  staleCopyIn?: WaitUntil;
  /** Look in the cache before rendering (default true); byte ranges skip it, the whole file is kept. */
  lookup?: boolean;
  /**
   * Concurrent misses for the same key share one render and one store: a herd of crawlers
   * arriving before the first copy is kept costs one database read and one render.
   */
  flights?: SingleFlight<HotEntry>;
  /**
   * Store in the background (pollers re-fetch soon anyway); without it the store finishes
   * before the answer, so no request arriving after a flight lands misses the cache.
   */
  background?: WaitUntil;
  /** Which rendered answers are kept; by default every 200. */
  keep?: (entry: HotEntry) => boolean;
}

const isOk = (entry: HotEntry) => entry.status === 200;

/**
 * "Look in the edge cache, else render once and keep it": the answer for `key`, unconditional
 * (the caller applies conditional GET or a byte range). A response rendered while a purge ran
 * is answered but not kept (the purge epoch). A failed store only costs the next request a render.
 * When rendering fails because storage is unavailable, the stale copy of the last kept answer
 * is served (marked with STALE_HEADER and its Age); without one, the StorageUnavailable
 * goes on to the error boundary (a 503).
 */
export async function throughEdgeCache(options: EdgeCacheOptions, render: () => Promise<Response>): Promise<Response> {
  const { key, flights, background, keep = isOk } = options;
  if (options.lookup !== false) {
    const cached = await fromEdgeCache(key);
    if (cached) return cached;
  }
  const renderAndKeep = async (): Promise<HotEntry> => {
    const epoch = cacheEpoch();
    const entry = await snapshotOf(await render());
    if (keep(entry)) {
      const { fresh, stale } = storeEntry(key, entry, epoch, options.staleSeconds);
      const later = background ?? options.staleCopyIn;
      if (later) later.waitUntil(stale);
      if (background) background.waitUntil(fresh);
      // Not in the background: the fresh copy is kept before the answer, so no request
      // arriving after a flight lands misses the cache.
      await Promise.all([background ? undefined : fresh, later ? undefined : stale]);
    }
    return entry;
  };
  try {
    return responseOf(await (flights ? flights.run(key, renderAndKeep) : renderAndKeep()));
  } catch (err) {
    if (!(err instanceof StorageUnavailable)) throw err;
    // A route that keeps no stale copy (versioned cards) has none to look for.
    const stale = options.staleSeconds === 0 ? undefined : await fromStaleCopy(key, "storage-unavailable").catch(() => undefined);
    if (stale) {
      console.error(`edge cache: ${key} served from its stale copy: ${err.message}`);
      return stale;
    }
    throw err;
  }
}
