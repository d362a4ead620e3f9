// The benchmark's baseline: the most a route can do on this runtime. It replays a response
// it was given (status, headers and body, stored once in memory) to every request for it, so
// Herald and baseline put the same bytes on the wire and the ratio measures Herald's own work.
//   PUT /responses/<name>  body = the response body; X-Replay-Status, X-Replay-Headers (JSON)
//   GET /responses/<name>  the stored response
// For the Cache API tier, the least a worker must do to answer from the Cache API: a lookup.
//   PUT /cache-api/<name>  as above, and the 200 in X-Cache-Headers (JSON) with this body is put
//                          in the Cache API under the name
//   GET /cache-api/<name>  the Cache API's copy; a stored 304 is answered after the lookup
const responses = new Map();
const cacheKey = (name) => `https://baseline.bench.test${name}`;

export default {
  async fetch(request) {
    const { pathname } = new URL(request.url);
    const name = pathname.replace(/^\/(responses|cache-api)/, "");
    if (request.method === "PUT") {
      const status = Number(request.headers.get("X-Replay-Status"));
      const headers = JSON.parse(request.headers.get("X-Replay-Headers"));
      const body = new Uint8Array(await request.arrayBuffer());
      responses.set(name, { status, headers, body: status === 304 ? null : body });
      const cacheHeaders = request.headers.get("X-Cache-Headers");
      if (cacheHeaders) {
        // Kept for the whole scenario whatever the answer says of caching (an origin page may say
        // nothing, which the Cache API does not keep), as Herald keeps its copies under its own.
        const headers = new Headers(JSON.parse(cacheHeaders));
        headers.set("Cache-Control", "public, max-age=86400");
        await caches.default.put(cacheKey(name), new Response(body, { headers }));
      }
      return new Response(null, { status: 204 });
    }
    const stored = responses.get(name);
    if (!stored) return new Response("no such response\n", { status: 404 });
    if (pathname.startsWith("/responses/")) return new Response(stored.body, { status: stored.status, headers: stored.headers });
    const cached = await caches.default.match(cacheKey(name));
    if (!cached) return new Response("not in the Cache API\n", { status: 404 });
    if (stored.status !== 304) return cached;
    await cached.body?.cancel();
    return new Response(null, { status: 304, headers: stored.headers });
  },
};
