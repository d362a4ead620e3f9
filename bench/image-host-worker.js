// Stands in for the publisher's image host: every lead image the card renderer fetches is the
// same 1200×800 JPEG photo (bench/fixtures/lead-image.jpg), as a CDN would serve it.
export default {
  fetch(request, env) {
    if (new URL(request.url).hostname !== env.HOST) return new Response("no route to this host in the benchmark\n", { status: 502 });
    return new Response(env.JPEG, { headers: { "Content-Type": "image/jpeg", "Cache-Control": "public, max-age=86400" } });
  },
};
