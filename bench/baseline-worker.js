// The benchmark's baseline: the most a route can do on this runtime. It answers every request
// with a constant body of the size (and type and status) its URL asks for, made once and kept.
const bodies = new Map();

export default {
  fetch(request) {
    const query = new URL(request.url).searchParams;
    const bytes = Number(query.get("bytes") ?? 0);
    const status = Number(query.get("status") ?? 200);
    let body = bodies.get(bytes);
    if (!body) bodies.set(bytes, (body = new Uint8Array(bytes).fill(0x78)));
    return new Response(status === 304 ? null : body, {
      status,
      headers: { "Content-Type": query.get("type") ?? "application/octet-stream" },
    });
  },
};
