// Stands in for the publisher's WordPress origin in the edge-mode scenarios: every request
// (Herald's edge-mode fetches, and the benchmark's own when it loads the origin directly)
// gets the same single-post page (Yoast tags, the leaked shortcode in three forms, Elfsight's
// embed), as a page cache in front of PHP would answer. The ratio is then what Herald costs on
// top of the origin.
export default {
  fetch(_request, env) {
    return new Response(env.PAGE, { headers: { "Content-Type": "text/html; charset=UTF-8" } });
  },
};
