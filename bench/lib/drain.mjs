// When is the publish queue drained? Herald's queue cannot be asked how many messages it holds,
// so the load test decides it from both ends of every job:
//
// - the stand-in's counts (bench/publish-outbound-worker.js): each successful purge call with
//   its URLs and each successful ping with its topics, with the time each arrived;
// - Herald's own record of what failed (`GET /api/publish/failures`): the jobs waiting for
//   their next try (`retrying`) and the dead-lettered ones, with the job each was.
//
// Drained means, for every accepted change (a write Herald answered 2xx and said changed):
//   1. its article's URL was in a successful purge call that arrived after the write's
//      updatedAt (Herald's clock as the write began), or in a purge job that is dead-lettered;
//   2. for each hub, a ping naming all the change's feeds succeeded after it, or such a ping
//      is dead-lettered;
// and overall:
//   3. for each hub, successful pings + dead-lettered pings ≥ accepted changes (every change
//      sends exactly one ping per hub, once its purge succeeded or was dead-lettered: a
//      ping that is still queued leaves the sum short even when another change's ping to
//      the same feeds satisfied 2.);
//   4. no job is waiting for a retry (`retrying` is 0), card jobs included.

import { ADMIN_TOKEN } from "./runtime.mjs";

/** @import { WriteRecord } from "./writer.mjs" */

/**
 * The stand-in's counts, as `GET /__standin/counts` answers them.
 * @typedef {object} StandInCounts
 * @property {number} images
 * @property {{ calls: number, succeeded: number, failed: number, rejected: number, urls: Record<string, { succeeded: number[], failed: number }> }} purge
 * @property {Record<string, { attempts: number, succeeded: number, failed503: number, dropped: number, rejected: number, successes: { at: number, topics: string[] }[] }>} hubs
 * @property {{ count: number, first: string[] }} unexpected
 */

/**
 * A failed job as Herald's admin API lists it.
 * @typedef {{ jobId: string, kind: string, job: { urls?: string[], hub?: string, topics?: string[] }, attempts: number, lastError: string, deadLetteredAt: string | null }} PublishFailure
 */

/** @typedef {{ retrying: number, deadLettered: number, failures: PublishFailure[] }} FailuresAnswer */

export const FEED_FILES = /** @type {const} */ (["feed.xml", "atom.xml", "feed.json"]);

/**
 * The feeds a change to a published article announces: the site's, each author's and its
 * category's, in every format (src/site/urls.ts feedUrl; an edit here keeps the article's scopes).
 * @param {string} siteUrl
 * @param {Pick<WriteRecord, "authors" | "section">} write
 */
export function feedsOf(siteUrl, { authors, section }) {
  const folders = [
    "",
    ...authors.map((slug) => `/authors/${encodeURIComponent(slug)}`),
    ...(section ? [`/categories/${encodeURIComponent(section)}`] : []),
  ];
  return folders.flatMap((folder) => FEED_FILES.map((file) => `${siteUrl}${folder}/${file}`));
}

/** @param {string} siteUrl @param {string} slug */
export const articleUrlOf = (siteUrl, slug) => `${siteUrl}/articles/${encodeURIComponent(slug)}`;

/**
 * @param {string} outbound
 * @returns {Promise<StandInCounts>}
 */
export async function standInCounts(outbound) {
  const res = await fetch(`${outbound}/__standin/counts`);
  if (!res.ok) throw new Error(`stand-in counts: ${res.status}`);
  return /** @type {Promise<StandInCounts>} */ (res.json());
}

/**
 * Every failure Herald lists (at most 500, the API's largest page: more would be truncated, and is refused).
 * @param {string} herald
 * @returns {Promise<FailuresAnswer>}
 */
export async function publishFailures(herald) {
  const res = await fetch(`${herald}/api/publish/failures?limit=500`, { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } });
  if (!res.ok) throw new Error(`GET /api/publish/failures: ${res.status} ${await res.text()}`);
  const answer = /** @type {FailuresAnswer} */ (await res.json());
  if (answer.failures.length < answer.retrying + answer.deadLettered) {
    throw new Error(`GET /api/publish/failures listed ${answer.failures.length} of ${answer.retrying + answer.deadLettered} failures`);
  }
  return answer;
}

/**
 * Whether every accepted change has been carried through (see the top of this file), and what is still open.
 * @param {{ siteUrl: string, hubs: string[], changes: WriteRecord[], counts: StandInCounts, failures: FailuresAnswer }} state
 */
export function drainState({ siteUrl, hubs, changes, counts, failures }) {
  const dead = failures.failures.filter((f) => f.deadLetteredAt !== null);
  const deadPurgeUrls = new Set(dead.filter((f) => f.kind === "purge").flatMap((f) => f.job.urls ?? []));
  const covers = (/** @type {string[]} */ topics, /** @type {string[]} */ needed) => needed.every((t) => topics.includes(t));

  /** @type {{ n: number, slug: string, changedAt: string, open: string[], urlPurgedAt: string[] }[]} */
  const open = [];
  for (const change of changes) {
    const openParts = [];
    const url = articleUrlOf(siteUrl, change.slug);
    const purged = counts.purge.urls[url]?.succeeded.some((at) => at >= change.changedAt) ?? false;
    if (!purged && !deadPurgeUrls.has(url)) openParts.push("purge");
    const feeds = feedsOf(siteUrl, change);
    for (const hub of hubs) {
      const pinged = counts.hubs[hub]?.successes.some((s) => s.at >= change.changedAt && covers(s.topics, feeds)) ?? false;
      const deadPing = dead.some((f) => f.kind === "ping" && f.job.hub === hub && covers(f.job.topics ?? [], feeds));
      if (!pinged && !deadPing) openParts.push(`ping ${hub}`);
    }
    if (openParts.length > 0) {
      const urlPurgedAt = (counts.purge.urls[url]?.succeeded ?? []).map((at) => new Date(at).toISOString());
      open.push({ n: change.n, slug: change.slug, changedAt: new Date(change.changedAt).toISOString(), open: openParts, urlPurgedAt });
    }
  }

  const pingTotals = hubs.map((hub) => {
    const succeeded = counts.hubs[hub]?.succeeded ?? 0;
    const deadLettered = dead.filter((f) => f.kind === "ping" && f.job.hub === hub).length;
    return { hub, succeeded, deadLettered, short: Math.max(0, changes.length - succeeded - deadLettered) };
  });
  const drained = open.length === 0 && pingTotals.every((t) => t.short === 0) && failures.retrying === 0;
  return { drained, open, pingTotals, retrying: failures.retrying };
}

/**
 * Polls both ends once a second until the queue is drained or `timeoutSeconds` have passed.
 * @param {{ herald: string, outbound: string, siteUrl: string, hubs: string[], changes: WriteRecord[], timeoutSeconds: number, log: (line: string) => void }} options
 */
export async function waitForDrain({ herald, outbound, siteUrl, hubs, changes, timeoutSeconds, log }) {
  const began = performance.now();
  let lastLog = 0;
  for (;;) {
    const [counts, failures] = await Promise.all([standInCounts(outbound), publishFailures(herald)]);
    const state = drainState({ siteUrl, hubs, changes, counts, failures });
    const seconds = (performance.now() - began) / 1000;
    if (state.drained || seconds >= timeoutSeconds) return { ...state, seconds, counts, failures };
    if (seconds - lastLog >= 10) {
      lastLog = seconds;
      log(
        `load: draining (${seconds.toFixed(0)} s): ${state.open.length} change(s) open, ${state.retrying} job(s) awaiting a retry, pings short ${state.pingTotals.map((t) => t.short).join("/")}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}
