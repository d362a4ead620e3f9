import { HotCache, type HotEntry } from "./hot-cache";

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
  const entry: HotEntry = { status: cached.status, headers: [...cached.headers], body: new Uint8Array(await cached.arrayBuffer()) };
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

export function putInEdgeCache(ctx: WaitUntil, key: string, response: Response, epoch?: number): void {
  ctx.waitUntil(storeInEdgeCache(key, response.clone(), epoch));
}

export async function storeInEdgeCache(key: string, response: Response, epoch?: number): Promise<void> {
  const entry: HotEntry = { status: response.status, headers: [...response.headers], body: new Uint8Array(await response.arrayBuffer()) };
  if (epoch !== undefined && epoch !== purges) return;
  hot.set(key, entry);
  await caches.default.put(key, responseOf(entry));
}

export async function purgeEdgeCache(keys: string[]): Promise<void> {
  purges++;
  for (const key of keys) hot.delete(key);
  await Promise.all(keys.map((key) => caches.default.delete(key)));
}

/** The response kept in this isolate's memory under `key`, if any (for answers that skip routing). */
export function fromMemory(key: string): HotEntry | undefined {
  return hot.get(key);
}
