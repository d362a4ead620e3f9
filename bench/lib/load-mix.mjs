// The readers' side of the load test: request lists built from the seeded site before the load
// starts (feeds of every scope, article pages, cards, share links, conditional GETs with the
// validators Herald answered), and an autocannon run that picks from them by weight and tallies
// every answer by kind and status.
import autocannon from "autocannon";
import { seededRandom } from "../generated-articles.ts";
import { FEED_FILES } from "./drain.mjs";
import { ADMIN_TOKEN } from "./runtime.mjs";
import { pathOf } from "./scenarios.mjs";

/** @typedef {{ kind: RequestKind, path: string, headers?: Record<string, string> }} MixRequest */
/** @typedef {"feed" | "page" | "card-redirect" | "card" | "share" | "conditional"} RequestKind */

/** Share of requests of each kind: pollers and crawlers most, readers' share taps fewer. */
export const MIX_WEIGHTS = /** @type {const} */ ({
  feed: 0.3,
  page: 0.25,
  "card-redirect": 0.05,
  card: 0.1,
  share: 0.1,
  conditional: 0.2,
});

/**
 * `count` items of `items` spread evenly over it (all of them when there are fewer).
 * @template T
 * @param {T[]} items
 * @param {number} count
 */
const spread = (items, count) =>
  items.length <= count ? [...items] : Array.from({ length: count }, (_, i) => items[Math.floor((i * items.length) / count)]);

/**
 * The authors and categories of the site, from the admin API's view of its newest articles
 * (generated articles cycle through 50 authors and 20 categories).
 * @param {string} herald
 * @param {string[]} slugs newest first
 */
async function scopesOfSite(herald, slugs) {
  const authors = new Set();
  const categories = new Set();
  for (const slug of slugs.slice(0, 100)) {
    const res = await fetch(`${herald}/api/articles/${encodeURIComponent(slug)}`, { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } });
    if (!res.ok) throw new Error(`GET /api/articles/${slug}: ${res.status}`);
    const article = /** @type {{ authors: { slug: string }[], section: { slug: string } | null }} */ (await res.json());
    for (const author of article.authors) authors.add(author.slug);
    if (article.section) categories.add(article.section.slug);
  }
  return { authors: [...authors], categories: [...categories] };
}

/**
 * Herald's answer's validators, for a conditional GET that should come back 304 until the
 * resource changes. Alternates If-None-Match and If-Modified-Since where both are given.
 * @param {string} herald
 * @param {string} path
 * @param {boolean} byDate
 * @returns {Promise<Record<string, string> | undefined>}
 */
async function validatorsOf(herald, path, byDate) {
  const res = await fetch(`${herald}${path}`, { redirect: "manual" });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`${path}: expected 200 while building the request lists, got ${res.status}`);
  const etag = res.headers.get("etag");
  const lastModified = res.headers.get("last-modified");
  if (byDate && lastModified) return { "if-modified-since": lastModified };
  if (etag) return { "if-none-match": etag };
  return undefined;
}

/**
 * Every list the readers pick from. Pages, cards and share links come from `pageCount` articles
 * spread over the site; `cardCount` of their cards are fetched here first (rendered once, as
 * crawlers would have), so the load measures serving them, not drawing them.
 * @param {string} herald
 * @param {string[]} slugs seeded articles, newest first
 * @param {{ pageCount?: number, cardCount?: number }} [options]
 */
export async function buildRequestLists(herald, slugs, { pageCount = 500, cardCount = 40 } = {}) {
  const { authors, categories } = await scopesOfSite(herald, slugs);
  const scopes = [
    "",
    ...authors.map((a) => `/authors/${encodeURIComponent(a)}`),
    ...categories.map((c) => `/categories/${encodeURIComponent(c)}`),
  ];
  const feeds = scopes.flatMap((scope) => FEED_FILES.map((file) => `${scope}/${file}`));
  const pageSlugs = spread(slugs, pageCount);
  const pages = pageSlugs.map((slug) => `/articles/${encodeURIComponent(slug)}`);
  const cardRedirects = pageSlugs.map((slug) => `/cards/${encodeURIComponent(slug)}.png`);
  const shares = pageSlugs.map((slug) => `/share/${encodeURIComponent(slug)}/x`);

  /** @type {string[]} */
  const cards = [];
  for (const slug of spread(pageSlugs, cardCount)) {
    const res = await fetch(`${herald}/cards/${encodeURIComponent(slug)}.png`, { redirect: "manual" });
    const location = res.headers.get("location");
    if (res.status !== 302 || !location) throw new Error(`card of ${slug}: expected a 302 to its version, got ${res.status}`);
    const versioned = pathOf(location);
    const card = await fetch(`${herald}${versioned}`);
    await card.arrayBuffer();
    if (card.status !== 200) throw new Error(`${versioned}: expected 200, got ${card.status}`);
    cards.push(versioned);
  }

  /** @type {MixRequest[]} */
  const conditional = [];
  const conditionalPaths = [...spread(feeds, 60), ...spread(pages, 60), ...spread(cards, 10)];
  for (const [i, path] of conditionalPaths.entries()) {
    const headers = await validatorsOf(herald, path, i % 3 === 2);
    if (headers) conditional.push({ kind: "conditional", path, headers });
  }
  if (conditional.length === 0) throw new Error("no answer carried an ETag or Last-Modified: no conditional GETs to send");

  /** @type {Record<RequestKind, MixRequest[]>} */
  const lists = {
    feed: feeds.map((path) => ({ kind: "feed", path })),
    page: pages.map((path) => ({ kind: "page", path })),
    "card-redirect": cardRedirects.map((path) => ({ kind: "card-redirect", path })),
    card: cards.map((path) => ({ kind: "card", path })),
    share: shares.map((path) => ({ kind: "share", path })),
    conditional,
  };
  return lists;
}

/**
 * A picker: a kind by its weight, then one of its requests, uniformly.
 * @param {Record<RequestKind, MixRequest[]>} lists
 * @param {() => number} random
 */
export function picker(lists, random) {
  const kinds = /** @type {RequestKind[]} */ (Object.keys(MIX_WEIGHTS));
  const total = kinds.reduce((sum, kind) => sum + MIX_WEIGHTS[kind], 0);
  return () => {
    const roll = random() * total;
    let upTo = 0;
    const kind =
      kinds.find((k) => {
        upTo += MIX_WEIGHTS[k];
        return roll < upTo;
      }) ?? kinds[kinds.length - 1];
    const list = lists[kind];
    return list[Math.floor(random() * list.length)];
  };
}

/** @typedef {Awaited<ReturnType<typeof runReaders>>} ReaderLoad */

/**
 * Autocannon at `connections` for `seconds`, each request picked from the lists; every answer is
 * tallied by kind and status (a connection carries one request at a time, so its context names
 * the kind of the answer that arrives).
 * @param {{ origin: string, lists: Record<RequestKind, MixRequest[]>, connections: number, seconds: number, seed?: number }} load
 */
export async function runReaders({ origin, lists, connections, seconds, seed = 14 }) {
  const next = picker(lists, seededRandom(seed));
  /** @type {Record<string, Record<string, number>>} */
  const byKind = {};
  const result = await autocannon({
    url: origin,
    connections,
    duration: seconds,
    requests: [
      {
        setupRequest: (request, context) => {
          const pick = next();
          context.kind = pick.kind;
          return { ...request, method: "GET", path: pick.path, headers: { ...pick.headers } };
        },
        onResponse: (status, _body, context) => {
          const kind = String(context.kind);
          byKind[kind] ??= {};
          byKind[kind][status] = (byKind[kind][status] ?? 0) + 1;
        },
      },
    ],
  });
  /** @type {Record<string, number>} */
  const byStatus = {};
  for (const [code, stats] of Object.entries(result.statusCodeStats ?? {})) byStatus[code] = stats.count;
  return {
    requests: result.requests.total,
    seconds: result.duration,
    requestsPerSecond: result.requests.total / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    // Connection errors (timeouts among them): requests that got no answer at all.
    connectionErrors: result.errors,
    timeouts: result.timeouts,
    byStatus,
    byKind,
  };
}
