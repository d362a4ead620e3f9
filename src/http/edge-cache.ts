import { HotCache, type HotEntry } from "./hot-cache";
import type { SingleFlight } from "./single-flight";

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

async function storeEntry(key: string, entry: HotEntry, epoch?: number): Promise<void> {
  if (epoch !== undefined && epoch !== purges) return;
  hot.set(key, entry);
  await caches.default.put(key, responseOf(entry));
}

export async function storeInEdgeCache(key: string, response: Response, epoch?: number): Promise<void> {
  await storeEntry(key, await snapshotOf(response), epoch);
}

/** Other keepers of copies under canonical URLs (edge mode's origin pages), told of every purge. */
const purgeListeners: ((key: string) => void)[] = [];

export function onPurge(listener: (key: string) => void): void {
  purgeListeners.push(listener);
}

/**
 * Removes `keys` from this isolate's memory (and tells the listeners) and from this data
 * centre's Cache API; `cacheApiLimit` bounds the Cache API deletes (each is a subrequest), the
 * first keys first: the caller purges the rest another way.
 */
export async function purgeEdgeCache(keys: string[], { cacheApiLimit = keys.length } = {}): Promise<void> {
  purges++;
  for (const key of keys) {
    hot.delete(key);
    for (const listener of purgeListeners) listener(key);
  }
  await Promise.all(keys.slice(0, cacheApiLimit).map((key) => caches.default.delete(key)));
}

/** The response kept in this isolate's memory under `key`, if any (for answers that skip routing). */
export function fromMemory(key: string): HotEntry | undefined {
  return hot.get(key);
}

export interface EdgeCacheOptions {
  /** The canonical URL the answer is kept under (built by site/urls, never from the Host header). */
  key: string;
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
      const stored = storeEntry(key, entry, epoch).catch((err) => console.error(`edge cache: storing ${key} failed`, err));
      if (background) background.waitUntil(stored);
      else await stored;
    }
    return entry;
  };
  return responseOf(await (flights ? flights.run(key, renderAndKeep) : renderAndKeep()));
}
