/**
 * The Workers Cache API, keyed by canonical URLs built from SITE_URL (never the request's
 * Host). Cache API entries live in one data centre: delete() purges the local copy, and the
 * short max-age of every cached response bounds how long another data centre can lag.
 */
export async function fromEdgeCache(key: string): Promise<Response | undefined> {
  const cached = await caches.default.match(key);
  // Cached responses have immutable headers; later middleware adds its own.
  return cached ? new Response(cached.body, cached) : undefined;
}

/** Anything with waitUntil: the Worker's ExecutionContext, or Hono's view of it. */
export interface WaitUntil {
  waitUntil(promise: Promise<unknown>): void;
}

export function putInEdgeCache(ctx: WaitUntil, key: string, response: Response): void {
  ctx.waitUntil(storeInEdgeCache(key, response.clone()));
}

export async function storeInEdgeCache(key: string, response: Response): Promise<void> {
  await caches.default.put(key, response);
}

export async function purgeEdgeCache(keys: string[]): Promise<void> {
  await Promise.all(keys.map((key) => caches.default.delete(key)));
}
