// Stands in for the publisher's WordPress origin in the edge-mode scenarios: every path answers
// the same single-post page (Yoast tags, the leaked shortcode in three forms, Elfsight's embed),
// as a page cache in front of PHP would. Herald in edge mode fetches it; the benchmark also
// loads it directly, so the ratio is what Herald costs on top of the origin.
export default {
  fetch(request, env) {
    if (new URL(request.url).hostname !== env.HOST) return new Response("no route to this host in the benchmark\n", { status: 502 });
    return new Response(env.PAGE, { headers: { "Content-Type": "text/html; charset=UTF-8" } });
  },
};
