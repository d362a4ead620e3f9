// The scenarios the issue asks for, each measured on Herald and on the baseline at the same
// concurrency, the baseline replaying one of Herald's own answers for the scenario.
import { combineRounds, measureRound, warmUp } from "./load.mjs";

/** @import { CpuProfile, WorkerProfiler } from "./cpu-profile.mjs" */
/** @import { Round } from "./load.mjs" */

/**
 * A budget Herald must meet, every part of it: a share of the baseline's throughput; a p50
 * latency in ms (and, with `p99OfP50`, a p99 within that multiple of the p50); CPU ms per
 * request, from workerd's profile.
 * @typedef {{ ratio?: number, p50?: number, p99OfP50?: number, cpuMs?: number }} Budget
 */

/**
 * What one scenario asks for, and of whom.
 * @typedef {object} Scenario
 * @property {string} id
 * @property {string} name
 * @property {number} connections
 * @property {() => string} nextPath
 * @property {number} count distinct paths `nextPath` has (Infinity: one path, asked for again and again)
 * @property {Record<string, string>} [headers]
 * @property {number} [expectStatus]
 * @property {string} [expectType]
 * @property {Budget} [budget]
 * @property {{ origin: string, path: string }} [compareWith] what the scenario is measured against,
 *   when not the baseline replaying Herald's answer (edge mode: the origin served directly)
 * @property {Tier} [tier] where a cached answer comes from (default "memory")
 * @property {string} [rendered] what answering takes when nothing is cached (the publisher's
 *   table's "answered from"; cached scenarios say their tier)
 */

/**
 * "memory": this isolate's memory tier, which answers nearly every hit of a benchmark that runs
 * one isolate; "cache-api": the Workers Cache API alone (Herald with its memory tiers off,
 * bench/cache-api-worker.ts), which answers most hits in production, where traffic is spread
 * over many isolates and data centres. A Cache API scenario's baseline answers from the Cache
 * API too: one lookup, then the copy as it comes.
 * @typedef {"memory" | "cache-api"} Tier
 */

/** @type {Record<Tier, string>} */
const ANSWERED_FROM = { memory: "isolate memory", "cache-api": "Cache API" };

/**
 * One answer of Herald's, whole, as the baseline replays it.
 * @typedef {object} Sample
 * @property {number} status
 * @property {[string, string][]} headers
 * @property {Uint8Array<ArrayBuffer>} body
 * @property {string | null} etag
 */

/** @typedef {Awaited<ReturnType<typeof runScenario>>} ScenarioResult */
/** @typedef {ReturnType<typeof cpuPerRequest>} CpuPerRequest */

/** Throughput scenarios load the worker; latency scenarios (misses, renders) run one request at a time. */
const LOADED = 32;
const ONE_AT_A_TIME = 1;

/** A fixed URL, or a walk through distinct URLs, each asked for once (a real cache miss). */
const fixed = (/** @type {string} */ path) => ({ nextPath: () => path, count: Infinity });
/** @param {string[]} paths */
function distinct(paths) {
  let i = 0;
  return { nextPath: () => paths[Math.min(i++, paths.length - 1)], count: paths.length };
}

/**
 * Path and query of an absolute URL (Herald's URLs name SITE_URL, requests go to the worker's socket).
 * @param {string} absoluteUrl
 */
export function pathOf(absoluteUrl) {
  const url = new URL(absoluteUrl);
  return `${url.pathname}${url.search}`;
}

/**
 * Where the card of `slug` is: the versioned URL Herald redirects to (a D1 read, no render).
 * @param {string} origin
 * @param {string} slug
 */
export async function versionedCardPath(origin, slug) {
  const res = await fetch(`${origin}/cards/${slug}.png`, { redirect: "manual" });
  const location = res.headers.get("location");
  if (res.status !== 302 || !location) throw new Error(`card of ${slug}: expected a 302 to its version, got ${res.status}`);
  return pathOf(location);
}

/**
 * The versioned card URLs of the last 800 generated articles, none drawn yet: renders take tens
 * of milliseconds, so a few hundred distinct cards outlast any run here. Every other generated
 * article has a lead photo: its card is a JPEG with the photo, the others' a PNG with text only.
 * @param {string} origin
 * @param {string[]} slugs
 */
export async function coldCardPaths(origin, slugs) {
  const paths = await Promise.all(slugs.slice(-800).map((slug) => versionedCardPath(origin, slug)));
  return { photoCards: paths.filter((path) => path.includes(".jpg?")), textCards: paths.filter((path) => path.includes(".png?")) };
}

const FRAMING_HEADERS = new Set(["connection", "keep-alive", "transfer-encoding", "content-length", "date"]);

/**
 * One real request: checks what Herald answers, and returns it whole for the baseline to replay.
 * @param {string} origin
 * @param {string} path
 * @param {Pick<Scenario, "headers" | "expectStatus" | "expectType">} expected
 * @returns {Promise<Sample>}
 */
async function sample(origin, path, { headers = {}, expectStatus = 200, expectType }) {
  const res = await fetch(`${origin}${path}`, { headers, redirect: "manual" });
  const body = new Uint8Array(await res.arrayBuffer());
  const type = res.headers.get("content-type") ?? "";
  if (res.status !== expectStatus) throw new Error(`${path}: expected ${expectStatus}, got ${res.status}`);
  if (expectType && !type.startsWith(expectType)) throw new Error(`${path}: expected ${expectType}, got ${type}`);
  // Framing headers are the runtime's own; it writes them for the replay as it did for Herald.
  const replayable = [...res.headers].filter(([name]) => !FRAMING_HEADERS.has(name));
  return { status: res.status, headers: replayable, body, etag: res.headers.get("etag") };
}

/**
 * Gives the baseline Herald's response to replay; its path there. For the Cache API tier, `full`
 * is the 200 the baseline keeps in its Cache API (the response itself, unless that is a 304).
 * @param {string} baseline
 * @param {string} name
 * @param {Sample} response
 * @param {{ tier: Tier, full: Sample }} from
 */
async function replayOnBaseline(baseline, name, response, { tier, full }) {
  const route = tier === "cache-api" ? "cache-api" : "responses";
  const res = await fetch(`${baseline}/${route}/${name}`, {
    method: "PUT",
    headers: {
      "X-Replay-Status": String(response.status),
      "X-Replay-Headers": JSON.stringify(response.headers),
      ...(tier === "cache-api" ? { "X-Cache-Headers": JSON.stringify(full.headers) } : {}),
    },
    body: full.body,
  });
  if (res.status !== 204) throw new Error(`baseline refused the ${name} response: ${res.status}`);
  return `/${route}/${name}`;
}

/** Cached scenarios whose answer has a Cache API tier of its own to measure. */
const CACHED_IDS = new Set(["feed-rss", "feed-atom", "feed-json", "page", "card", "feed-304", "edge-cached"]);

/**
 * The Cache API tier's budget: at most a tenth of Workers Free's 10 ms of CPU, so a hit from the
 * Cache API is never what stops a request. Its ratio is reported, not budgeted: workerd runs
 * every isolate of the benchmark on one thread, Miniflare's Cache API among them (a local
 * worker with its own storage, slower than Cloudflare's), so the req/s of both sides are
 * mostly the lookup's and the body's copies (Herald reads the body to keep it in memory, which
 * a lookup-only worker never does), not Herald's work, which the CPU figure is.
 */
const CACHE_API_BUDGET = { cpuMs: 1 };

/**
 * Each cached scenario again with the memory tier off: the same path, the Cache API alone
 * answering, against a baseline that answers from the Cache API.
 * @param {Scenario[]} scenarios
 * @returns {Scenario[]}
 */
export function withCacheApiTier(scenarios) {
  return scenarios.flatMap((scenario) => {
    if (!CACHED_IDS.has(scenario.id)) return [scenario];
    const budget = scenario.budget && CACHE_API_BUDGET;
    const tier = /** @type {const} */ ("cache-api");
    return [scenario, { ...scenario, id: `${scenario.id}-cache-api`, name: `${scenario.name}, Cache API tier`, tier, budget }];
  });
}

/**
 * A cache miss of a feed or page (design.md): inside Workers Free's 10 ms of CPU, and answered
 * within 10 ms here, one request at a time.
 */
const MISS_BUDGET = { p50: 10, cpuMs: 10 };

/** The three feeds: path, media type, and the ids their scenarios are reported under. */
const FEEDS = [
  { path: "/feed.xml", type: "application/rss+xml", cachedId: "feed-rss", missId: "feed-miss" },
  { path: "/atom.xml", type: "application/atom+xml", cachedId: "feed-atom", missId: "atom-miss" },
  { path: "/feed.json", type: "application/feed+json", cachedId: "feed-json", missId: "json-miss" },
];

/**
 * The scenario list for one database. `slugs` are the generated articles, newest first; pages
 * and cards of the cache-miss scenarios come from its far end, so nothing earlier warmed them.
 * @param {string} herald
 * @param {string[]} slugs
 * @returns {Promise<Scenario[]>}
 */
export async function scenarioList(herald, slugs) {
  const rssEtag = (await sample(herald, "/feed.xml", { expectType: "application/rss+xml" })).etag;
  if (!rssEtag) throw new Error("/feed.xml: no ETag, so no conditional GET to measure");
  const cachedCard = await versionedCardPath(herald, slugs[2]);
  const { photoCards, textCards } = await coldCardPaths(herald, slugs);
  const missPages = slugs
    .slice(10, -800)
    .reverse()
    .map((slug) => `/articles/${slug}`);
  return [
    ...FEEDS.map(({ path, type, cachedId }) => ({
      id: cachedId,
      name: `cached ${path}`,
      connections: LOADED,
      ...fixed(path),
      expectType: type,
      budget: { ratio: 0.9 },
    })),
    {
      id: "page",
      name: "cached article page",
      connections: LOADED,
      ...fixed(`/articles/${slugs[1]}`),
      expectType: "text/html",
      budget: { ratio: 0.9 },
    },
    {
      id: "card",
      name: "cached card",
      connections: LOADED,
      ...fixed(cachedCard),
      expectType: cachedCard.includes(".jpg?") ? "image/jpeg" : "image/png",
      budget: { ratio: 0.9 },
    },
    {
      id: "feed-304",
      name: "conditional GET /feed.xml (304)",
      connections: LOADED,
      ...fixed("/feed.xml"),
      headers: { "if-none-match": rssEtag },
      expectStatus: 304,
      budget: { ratio: 0.9 },
    },
    // `?limit=50` is never kept at the edge: every request reads D1 and renders 50 full items.
    ...FEEDS.map(({ path, type, missId }) => ({
      id: missId,
      name: `cache-miss ${path}?limit=50`,
      connections: ONE_AT_A_TIME,
      ...fixed(`${path}?limit=50`),
      expectType: type,
      rendered: "D1, rendered",
      budget: MISS_BUDGET,
    })),
    {
      id: "page-miss",
      name: "cache-miss article page",
      connections: ONE_AT_A_TIME,
      ...distinct(missPages),
      expectType: "text/html",
      rendered: "D1, rendered",
      budget: MISS_BUDGET,
    },
    {
      id: "card-render",
      name: "cold text card render (PNG)",
      connections: ONE_AT_A_TIME,
      ...distinct(textCards),
      expectType: "image/png",
      rendered: "D1, drawn, R2",
      budget: { p50: 25, p99OfP50: 2 },
    },
    {
      id: "photo-card-render",
      name: "cold photo card render (JPEG)",
      connections: ONE_AT_A_TIME,
      ...distinct(photoCards),
      expectType: "image/jpeg",
      rendered: "D1, photo fetched, drawn, R2",
      budget: { p50: 80, p99OfP50: 2 },
    },
  ];
}

/** Distinct origin paths for the uncached edge scenario: each is a page Herald has never kept. */
const UNCACHED_EDGE_PAGES = 4000;

/**
 * Edge mode: Herald in front of the stand-in WordPress origin, its rewritten page kept at the
 * edge (cached) and fetched and rewritten on every request (uncached), each against the same
 * page from the origin served directly.
 * @param {string} origin the stand-in origin's own socket
 * @returns {Scenario[]}
 */
export function edgeScenarioList(origin) {
  const page = "/2021/11/07/iraqi-prime-minister-survives-drone-attack/";
  const uncached = Array.from({ length: UNCACHED_EDGE_PAGES }, (_, i) => `/2021/11/07/uncached-${i}/`);
  return [
    // The runtime's limit: a constant worker replaying Herald's rewritten page (bars, icons and
    // tags make it several times the origin's size, and bytes cost time on the socket).
    {
      id: "edge-cached",
      name: "edge mode: cached rewritten page",
      connections: LOADED,
      ...fixed(page),
      expectType: "text/html",
      budget: { ratio: 0.9 },
    },
    // What the site had before: its origin, answering directly.
    {
      id: "edge-cached-origin",
      name: "edge mode: cached rewritten page vs the origin direct",
      connections: LOADED,
      ...fixed(page),
      expectType: "text/html",
      compareWith: { origin, path: page },
    },
    {
      id: "edge-uncached",
      name: "edge mode: uncached page, fetched and rewritten, vs the origin direct",
      connections: ONE_AT_A_TIME,
      ...distinct(uncached),
      expectType: "text/html",
      rendered: "origin, rewritten",
      compareWith: { origin, path: page },
      budget: MISS_BUDGET,
    },
  ];
}

/**
 * Warm-up for both, then `rounds` rounds in turn: Herald, baseline, Herald, baseline…; and
 * `profileRound`, one more Herald round under workerd's CPU profiler, for CPU time per
 * request. That round is not in the throughput, and the caller runs it after every scenario of
 * the runtime is measured: the profiler's cost would be charged to Herald, and code profiled
 * just before a measured round ran slower in it (a cold card's p50 26 → 38 ms, December 2026).
 * @param {Scenario} scenario
 * @param {{ herald: string, baseline: string, profiler: () => Promise<WorkerProfiler>, seconds: number, warmupSeconds: number, rounds: number }} plan
 *   `profiler` connects to the loaded worker's inspector, only for that round
 */
export async function runScenario(scenario, { herald, baseline, profiler: connectProfiler, seconds, warmupSeconds, rounds }) {
  const { nextPath, count, connections, headers, expectStatus = 200, expectType, tier = "memory" } = scenario;
  // The first path is checked (status and type) and consumed here, like every later one.
  const firstPath = nextPath();
  const first = await sample(herald, firstPath, { headers, expectStatus, expectType });
  const full = tier === "cache-api" && first.status === 304 ? await sample(herald, firstPath, { expectType }) : first;
  const against = scenario.compareWith ?? {
    origin: baseline,
    path: await replayOnBaseline(baseline, scenario.id, first, { tier, full }),
  };
  const sides = {
    herald: { origin: herald, nextPath, headers },
    baseline: { origin: against.origin, nextPath: () => against.path },
  };
  // Distinct URLs are shared out so none is asked for twice: a tenth for the warm-up, the
  // rest spread over the rounds.
  const distinctUrls = count !== Infinity;
  const warmupRequests = distinctUrls ? Math.floor((count - 1) / 10) : undefined;
  const roundRequests = warmupRequests !== undefined ? Math.floor((count - 1 - warmupRequests) / (rounds + 1)) : undefined;

  await warmUp({ ...sides.herald, connections, seconds: warmupSeconds, maxRequests: warmupRequests });
  await warmUp({ ...sides.baseline, connections, seconds: warmupSeconds });
  /** @type {{ herald: Round[], baseline: Round[] }} */
  const measured = { herald: [], baseline: [] };
  for (let round = 0; round < rounds; round++) {
    const slice = { connections, seconds: seconds / rounds, expectStatus };
    measured.herald.push(await measureRound({ ...sides.herald, ...slice, maxRequests: roundRequests }));
    measured.baseline.push(await measureRound({ ...sides.baseline, ...slice }));
  }
  return {
    id: scenario.id,
    name: scenario.name,
    tier,
    answeredFrom: scenario.rendered ?? ANSWERED_FROM[tier],
    connections,
    bytes: first.body.byteLength,
    budget: scenario.budget,
    herald: combineRounds(measured.herald),
    baseline: combineRounds(measured.baseline),
    /** The profiled round, run once every scenario of the runtime is measured (see below). */
    profileRound: async () => {
      const profiler = await connectProfiler();
      await profiler.start();
      const { requests } = await measureRound({
        ...sides.herald,
        connections,
        seconds: seconds / rounds,
        expectStatus,
        maxRequests: roundRequests,
      });
      const profile = await profiler.stop();
      profiler.close();
      return cpuPerRequest(profile, requests);
    },
  };
}

/**
 * CPU ms per request in the profiled round, and the functions with the most self time (their
 * share of it), for saying where the time goes.
 * @param {CpuProfile} profile
 * @param {number} requests
 */
function cpuPerRequest(profile, requests) {
  return {
    msPerRequest: requests > 0 ? profile.busyUs / 1000 / requests : 0,
    requests,
    top: profile.top.slice(0, 5).map(({ name, selfUs }) => ({ name, share: selfUs / profile.busyUs })),
  };
}
