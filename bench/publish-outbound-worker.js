// Stands in for everything outside Herald in the load test (bench/load.mjs), as Herald's outbound
// service: the image host (passed on to bench/image-host-worker.js), two WebSub hubs (one that
// fails half the time, with a 503 or a dropped connection, and one that never fails) and
// Cloudflare's purge API, which fails half the time with its recorded 429 (error 971) and
// otherwise answers its recorded success (tests/fixtures/cloudflare/). Every call is counted,
// each success with the time it arrived (workerd's clock, the same as Herald's), and the counts
// are read from the worker's own socket: `GET /__standin/counts`.
//
// A request that is not what the real service takes (wrong token or zone, a body it would
// refuse) is answered as the service would refuse it and counted as `rejected`.

const counts = {
  images: 0,
  purge: {
    calls: 0,
    succeeded: 0,
    failed: 0,
    rejected: 0,
    /** Every URL purged: when each successful call that named it arrived (ms), and how many failed calls named it. */
    urls: /** @type {Record<string, { succeeded: number[], failed: number }>} */ ({}),
  },
  /** Per hub URL: attempts, their outcomes, and each successful ping's time (ms) and topics. */
  hubs: /** @type {Record<string, { attempts: number, succeeded: number, failed503: number, dropped: number, rejected: number, successes: { at: number, topics: string[] }[] }>} */ ({}),
  /** Requests for hosts nothing stands in for (the first few kept). */
  unexpected: { count: 0, first: /** @type {string[]} */ ([]) },
};

/** @param {string} url */
function purgeUrl(url) {
  counts.purge.urls[url] ??= { succeeded: [], failed: 0 };
  return counts.purge.urls[url];
}

/**
 * @param {Record<string, unknown>} body
 * @param {number} status
 */
const json = (body, status = 200) => Response.json(body, { status });

/** Cloudflare's v4 envelope for a request it refuses. */
const apiError = (/** @type {number} */ status, /** @type {number} */ code, /** @type {string} */ message) =>
  json({ success: false, errors: [{ code, message }], messages: [], result: null }, status);

/**
 * @param {Request} request
 * @param {Record<string, any>} env
 */
async function purge(request, env) {
  const match = new URL(request.url).pathname.match(/^\/client\/v4\/zones\/([^/]+)\/purge_cache$/);
  counts.purge.calls++;
  if (!match || request.method !== "POST") {
    counts.purge.rejected++;
    return apiError(404, 7003, "Could not route to this path");
  }
  if (match[1] !== env.PURGE_ZONE_ID || request.headers.get("authorization") !== `Bearer ${env.PURGE_API_TOKEN}`) {
    counts.purge.rejected++;
    return apiError(403, 10000, "Authentication error");
  }
  /** @type {unknown} */
  const body = await request.json().catch(() => undefined);
  const files = /** @type {{ files?: unknown } | undefined} */ (body)?.files;
  if (!Array.isArray(files) || files.length === 0 || files.length > 100 || !files.every((file) => typeof file === "string")) {
    counts.purge.rejected++;
    return apiError(400, 1012, "Request must contain one of 'purge_everything', 'files', 'tags', 'hosts' or 'prefixes'");
  }
  if (Math.random() < Number(env.FAILURE_RATE)) {
    counts.purge.failed++;
    for (const file of files) purgeUrl(file).failed++;
    return new Response(env.PURGE_RATE_LIMITED, { status: 429, headers: { "Content-Type": "application/json" } });
  }
  counts.purge.succeeded++;
  for (const file of files) purgeUrl(file).succeeded.push(Date.now());
  return new Response(env.PURGE_SUCCESS, { headers: { "Content-Type": "application/json" } });
}

/**
 * A WebSub hub: a form POST, `hub.mode=publish`, one or more `hub.url`; 204 when it takes it.
 * @param {Request} request
 * @param {string} hub
 * @param {boolean} flaky
 * @param {Record<string, any>} env
 */
async function ping(request, hub, flaky, env) {
  counts.hubs[hub] ??= { attempts: 0, succeeded: 0, failed503: 0, dropped: 0, rejected: 0, successes: [] };
  const tally = counts.hubs[hub];
  tally.attempts++;
  const form = request.headers.get("content-type")?.startsWith("application/x-www-form-urlencoded")
    ? new URLSearchParams(await request.text())
    : undefined;
  const topics = form?.getAll("hub.url") ?? [];
  if (request.method !== "POST" || form?.get("hub.mode") !== "publish" || topics.length === 0) {
    tally.rejected++;
    return new Response("hub.mode=publish and at least one hub.url expected\n", { status: 400 });
  }
  if (flaky && Math.random() < Number(env.FAILURE_RATE)) {
    if (Math.random() < 0.5) {
      tally.failed503++;
      return new Response("Service Unavailable\n", { status: 503, headers: { "Retry-After": "1" } });
    }
    tally.dropped++;
    // Thrown from an outbound service, this reaches Herald's fetch() as a failed request, as a
    // connection reset does.
    throw new Error("stand-in hub dropped the connection");
  }
  tally.succeeded++;
  tally.successes.push({ at: Date.now(), topics });
  return new Response(null, { status: 204 });
}

export default {
  /**
   * @param {Request} request
   * @param {Record<string, any>} env
   */
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname === "/__standin/counts") return json(counts);
    if (url.hostname === env.IMAGE_HOST_NAME) {
      counts.images++;
      return env.IMAGE_HOST.fetch(request);
    }
    if (url.hostname === "api.cloudflare.com") return purge(request, env);
    const hub = `${url.origin}${url.pathname}`;
    if (hub === env.FAILING_HUB) return ping(request, hub, true, env);
    if (hub === env.HEALTHY_HUB) return ping(request, hub, false, env);
    counts.unexpected.count++;
    if (counts.unexpected.first.length < 10) counts.unexpected.first.push(`${request.method} ${request.url}`);
    return new Response("no route to this host in the load test\n", { status: 502 });
  },
};
