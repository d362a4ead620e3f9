// The benchmark's baseline: the most a route can do on this runtime. It replays a response
// it was given (status, headers and body, stored once in memory) to every request for it, so
// Herald and baseline put the same bytes on the wire and the ratio measures Herald's own work.
//   PUT /responses/<name>  body = the response body; X-Replay-Status, X-Replay-Headers (JSON)
//   GET /responses/<name>  the stored response
const responses = new Map();

export default {
  async fetch(request) {
    const name = new URL(request.url).pathname;
    if (request.method === "PUT") {
      const status = Number(request.headers.get("X-Replay-Status"));
      const headers = JSON.parse(request.headers.get("X-Replay-Headers"));
      responses.set(name, { status, headers, body: status === 304 ? null : new Uint8Array(await request.arrayBuffer()) });
      return new Response(null, { status: 204 });
    }
    const stored = responses.get(name);
    if (!stored) return new Response("no such response\n", { status: 404 });
    return new Response(stored.body, { status: stored.status, headers: stored.headers });
  },
};
