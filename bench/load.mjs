// `npm run bench:load`: the load test of issue 14. What it measures: Herald's production bundle
// in workerd (Miniflare's API, each worker on its own socket), with its real publish queue and
// dead-letter queue as wrangler.toml declares them, a zone to purge through Cloudflare's API and
// two WebSub hubs, everything outside Herald played by bench/publish-outbound-worker.js: the
// purge API and one of the hubs fail half the time (the recorded 429; a 503 or a dropped
// connection), the other hub never fails. On a site of `--articles` generated articles,
// `--connections` readers fetch feeds, article pages, cards, share links and conditional GETs
// for `--seconds`, while a writer publishes new articles and edits existing ones through the
// admin API at `--writes-per-second`, each write with a title of its own.
//
// Afterwards it waits until the publish queue has drained, which it decides from both ends of
// every job (bench/lib/drain.mjs has the whole definition): every accepted change's article URL
// was purged successfully after the write, or its purge job is dead-lettered; every change's
// ping to each hub succeeded after the write, or is dead-lettered; per hub, successful plus
// dead-lettered pings add up to the changes; and Herald lists no job awaiting a retry. It polls
// for that once a second until `--drain-timeout` seconds (with PUBLISH_RETRY_SECONDS=1 a job's
// six tries take 1+3+9+27+81 s, and a ping starts only once its purge is done or dead).
//
// Then every accepted write's final state must be what the admin API returns, in each of its
// author feeds and its category feed, in the feeds readers poll, and in the sitemap
// (bench/lib/verify-writes.mjs). The run fails (exit 1) on any 5xx, any write without an answer,
// any lost write, any call the stand-in had to refuse, or a queue that did not drain. It prints
// a markdown table and writes bench/load-results.json (`--out`).
import { mkdirSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { seededRandom } from "./generated-articles.ts";
import { publishFailures, standInCounts, waitForDrain } from "./lib/drain.mjs";
import { buildRequestLists, runReaders } from "./lib/load-mix.mjs";
import { jobLog, markdownTable, formatNumber as num, statusList } from "./lib/load-report.mjs";
import { thisMachine } from "./lib/report.mjs";
import { BUILD_DIR, buildBundles, IMAGE_HOST, seedArticles, startRuntime } from "./lib/runtime.mjs";
import { verifyWrites } from "./lib/verify-writes.mjs";
import { MAX_IN_FLIGHT, startWriter } from "./lib/writer.mjs";

/** @import { LoadRow } from "./lib/load-report.mjs" */

const { values: flags } = parseArgs({
  options: {
    articles: { type: "string", default: "10000" },
    connections: { type: "string", default: "50" },
    seconds: { type: "string", default: "60" },
    "writes-per-second": { type: "string", default: "5" },
    "drain-timeout": { type: "string", default: "420" },
    "failure-rate": { type: "string", default: "0.5" },
    out: { type: "string", default: "bench/load-results.json" },
  },
});
/** @param {string} name @param {string | undefined} value */
function positive(name, value) {
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) throw new Error(`--${name} must be a positive number, not ${value}`);
  return number;
}
const plan = {
  articles: Math.round(positive("articles", flags.articles)),
  connections: Math.round(positive("connections", flags.connections)),
  seconds: positive("seconds", flags.seconds),
  writesPerSecond: positive("writes-per-second", flags["writes-per-second"]),
  drainTimeoutSeconds: positive("drain-timeout", flags["drain-timeout"]),
  failureRate: Number(flags["failure-rate"]),
};
if (!(plan.failureRate >= 0 && plan.failureRate <= 1)) throw new Error("--failure-rate must be from 0 to 1");

const RUNTIME = "Miniflare 5 API, each worker on its own workerd socket; real Queues (publish + DLQ) from wrangler.toml";
const ZONE_ID = "0123456789abcdef0123456789abcdef";
const API_TOKEN = "bench-purge-token";
const FAILING_HUB = "https://hub-failing.bench.test/";
const HEALTHY_HUB = "https://hub-healthy.bench.test/";
const HUBS = [FAILING_HUB, HEALTHY_HUB];
const log = (/** @type {string} */ line) => process.stderr.write(`${line}\n`);

const began = performance.now();
log(`load: ${plan.articles} articles, ${plan.connections} connections for ${plan.seconds} s, ${plan.writesPerSecond} writes/s; ${RUNTIME}`);
const { bundles } = await buildBundles();
const jobs = jobLog();
const runtime = await startRuntime(bundles, {
  publish: {
    bindings: {
      PURGE_ZONE_ID: ZONE_ID,
      PURGE_API_TOKEN: API_TOKEN,
      WEBSUB_HUBS: HUBS.join(","),
      PUBLISH_RETRY_SECONDS: "1",
    },
    outbound: {
      modules: true,
      scriptPath: "bench/publish-outbound-worker.js",
      bindings: {
        PURGE_ZONE_ID: ZONE_ID,
        PURGE_API_TOKEN: API_TOKEN,
        FAILING_HUB,
        HEALTHY_HUB,
        IMAGE_HOST_NAME: IMAGE_HOST,
        FAILURE_RATE: String(plan.failureRate),
      },
      textBlobBindings: {
        PURGE_SUCCESS: "tests/fixtures/cloudflare/purge-success.json",
        PURGE_RATE_LIMITED: "tests/fixtures/cloudflare/purge-rate-limited.json",
      },
    },
    logs: (line) => jobs.take(line),
  },
});

/** @type {LoadRow[]} */
const rows = [];
let results;
try {
  const { herald, harness } = runtime.urls;
  const outbound = /** @type {string} */ (runtime.urls.outbound);
  let t = performance.now();
  const slugs = await seedArticles(harness, plan.articles);
  log(`load: ${plan.articles} articles seeded in ${((performance.now() - t) / 1000).toFixed(1)} s`);

  const health = /** @type {{ publish?: { queue: string, globalPurge: boolean } }} */ (await (await fetch(`${herald}/healthz`)).json());
  if (health.publish?.queue !== "bound" || health.publish.globalPurge !== true) {
    throw new Error(`/healthz does not report the queue and global purge: ${JSON.stringify(health.publish)}`);
  }
  t = performance.now();
  const lists = await buildRequestLists(herald, slugs);
  log(
    `load: request lists built in ${((performance.now() - t) / 1000).toFixed(1)} s (${Object.entries(lists)
      .map(([kind, list]) => `${list.length} ${kind}`)
      .join(", ")})`,
  );
  const before = await standInCounts(outbound);
  if (before.purge.calls > 0 || Object.keys(before.hubs).length > 0)
    throw new Error("purges or pings before any write: the count would be off");

  const runId = Date.now().toString(36);
  const writer = startWriter({ herald, perSecond: plan.writesPerSecond, seeded: slugs, runId, random: seededRandom(plan.articles) });
  const readers = await runReaders({ origin: herald, lists, connections: plan.connections, seconds: plan.seconds });
  const written = await writer.stop();
  const accepted = written.records.filter((r) => r.accepted);
  const changes = accepted.filter((r) => r.changed);
  log(
    `load: ${num(readers.requests)} reads (${readers.requestsPerSecond.toFixed(0)}/s), ${accepted.length} of ${written.records.length} writes accepted`,
  );

  const drain = await waitForDrain({
    herald,
    outbound,
    siteUrl: runtime.siteUrl,
    hubs: HUBS,
    changes,
    timeoutSeconds: plan.drainTimeoutSeconds,
    log,
  });
  log(`load: ${drain.drained ? "drained" : "NOT drained"} after ${drain.seconds.toFixed(0)} s`);
  const verified = await verifyWrites({ herald, siteUrl: runtime.siteUrl, records: written.records });
  const after = /** @type {{ publish: { retrying: number, deadLettered: number } }} */ (await (await fetch(`${herald}/healthz`)).json());
  const failures = await publishFailures(herald);
  const counts = await standInCounts(outbound);
  const jobSummary = jobs.summary();

  // Figures.
  const fiveXx = Object.entries(readers.byStatus).filter(([s]) => Number(s) >= 500);
  const other = Object.fromEntries(Object.entries(readers.byStatus).filter(([s]) => Number(s) < 200 || Number(s) >= 400));
  const writeStatuses = /** @type {Record<string, number>} */ ({});
  for (const r of written.records) writeStatuses[r.status ?? "no answer"] = (writeStatuses[r.status ?? "no answer"] ?? 0) + 1;
  const unanswered = written.records.filter((r) => r.status === undefined || r.status >= 500).length;
  const deadByKind = /** @type {Record<string, number>} */ ({});
  for (const f of failures.failures) if (f.deadLetteredAt) deadByKind[f.kind] = (deadByKind[f.kind] ?? 0) + 1;
  const hubRow = (/** @type {string} */ hub) => {
    const h = counts.hubs[hub] ?? { attempts: 0, succeeded: 0, failed503: 0, dropped: 0, rejected: 0 };
    return {
      attempts: h.attempts,
      succeeded: h.succeeded,
      failed: h.failed503 + h.dropped,
      failed503: h.failed503,
      dropped: h.dropped,
      rejected: h.rejected,
    };
  };
  const retried = Object.entries(jobSummary.byKind);
  const rejectedCalls = counts.purge.rejected + HUBS.reduce((sum, hub) => sum + hubRow(hub).rejected, 0);

  rows.push(
    { name: "articles seeded", value: num(plan.articles), met: undefined },
    {
      name: `reader requests (${plan.connections} connections, ${plan.seconds} s)`,
      value: `${num(readers.requests)} (${num(Math.round(readers.requestsPerSecond))}/s, p50 ${readers.p50} ms, p99 ${readers.p99} ms)`,
      met: undefined,
    },
    { name: "answers by status", value: statusList(readers.byStatus), met: undefined },
    { name: "5xx answers", value: num(fiveXx.reduce((sum, [, c]) => sum + c, 0)), met: fiveXx.length === 0 },
    {
      name: "requests without an answer (connection errors, timeouts)",
      value: num(readers.connectionErrors),
      met: readers.connectionErrors === 0,
    },
    { name: "non-2xx/3xx answers by status", value: statusList(other), met: undefined },
    {
      name: `writes (${plan.writesPerSecond}/s): accepted / sent`,
      value: `${num(accepted.length)} / ${num(written.records.length)} (${accepted.filter((r) => r.kind === "new").length} new, ${accepted.filter((r) => r.kind === "edit").length} edits; ${statusList(writeStatuses)}; ${written.skipped} ticks skipped with ${MAX_IN_FLIGHT} in flight)`,
      met: undefined,
    },
    { name: "writes answered 5xx or not at all", value: num(unanswered), met: unanswered === 0 },
    {
      name: "writes lost (final state not in the API, author/category feeds, polled feeds, sitemap)",
      value: `${num(verified.lostWrites)} of ${num(verified.articlesChecked)} articles' final writes (${verified.scopesWalked} author/category feeds walked, ${verified.polledFeeds} polled feeds, ${num(verified.sitemapUrls)} sitemap URLs)`,
      met: verified.lostWrites === 0 && verified.articlesChecked > 0,
    },
    {
      name: "purge API calls: attempted / succeeded / failed (429)",
      value: `${num(counts.purge.calls)} / ${num(counts.purge.succeeded)} / ${num(counts.purge.failed)}; ${num(Object.keys(counts.purge.urls).length)} distinct URLs`,
      met: undefined,
    },
    ...HUBS.map((hub) => {
      const h = hubRow(hub);
      return {
        name: `pings to ${hub}: attempted / succeeded / failed`,
        value: `${num(h.attempts)} / ${num(h.succeeded)} / ${num(h.failed)}${h.failed ? ` (${h.failed503} × 503, ${h.dropped} dropped)` : ""}`,
        met: undefined,
      };
    }),
    {
      name: "calls the stand-in refused (bad token, zone or body) or could not route",
      value: num(rejectedCalls + counts.unexpected.count),
      met: rejectedCalls + counts.unexpected.count === 0,
    },
    {
      name: "jobs retried (Herald's log: a failed try before the last)",
      value: retried.length ? retried.map(([kind, r]) => `${kind} ${num(r.jobsRetried)} (${num(r.retries)} retries)`).join(", ") : "none",
      met: undefined,
    },
    {
      name: "jobs dead-lettered (GET /api/publish/failures)",
      value: `${num(failures.deadLettered)}${failures.deadLettered ? ` (${statusList(deadByKind)})` : ""}; /healthz says ${after.publish.deadLettered}`,
      met: after.publish.deadLettered === failures.deadLettered && jobSummary.deadLetteredLogged === failures.deadLettered,
    },
    {
      name: "every queued job done or dead-lettered",
      value: drain.drained
        ? `yes, ${drain.seconds.toFixed(0)} s after the load (${num(changes.length)} changes)`
        : `no, after ${drain.seconds.toFixed(0)} s: ${drain.open.length} change(s) open, ${drain.retrying} awaiting a retry, pings short ${drain.pingTotals.map((p) => p.short).join("/")}`,
      met: drain.drained && after.publish.retrying === 0,
    },
  );

  results = {
    date: new Date().toISOString(),
    runtime: RUNTIME,
    machine: thisMachine(),
    plan,
    readers,
    writes: {
      sent: written.records.length,
      accepted: accepted.length,
      changes: changes.length,
      skippedTicks: written.skipped,
      byStatus: writeStatuses,
      unanswered,
      refused: written.records.filter((r) => !r.accepted).map((r) => ({ slug: r.slug, status: r.status, error: r.error })),
    },
    verification: verified,
    jobs: {
      purge: { calls: counts.purge.calls, succeeded: counts.purge.succeeded, failed: counts.purge.failed, rejected: counts.purge.rejected },
      hubs: Object.fromEntries(HUBS.map((hub) => [hub, hubRow(hub)])),
      retried: jobSummary.byKind,
      deadLettered: {
        total: failures.deadLettered,
        byKind: deadByKind,
        healthz: after.publish.deadLettered,
        logged: jobSummary.deadLetteredLogged,
      },
      unexpectedCalls: counts.unexpected,
      imagesFetched: counts.images,
    },
    drain: {
      drained: drain.drained,
      seconds: Math.round(drain.seconds),
      open: drain.open.slice(0, 20),
      pingTotals: drain.pingTotals,
      retrying: drain.retrying,
    },
    rows,
    seconds: 0,
  };
} finally {
  await runtime.dispose();
  mkdirSync(BUILD_DIR, { recursive: true });
  writeFileSync(`${BUILD_DIR}/load-worker.log`, `${jobs.lines.join("\n")}\n`);
}

results.seconds = Math.round((performance.now() - began) / 1000);
const table = markdownTable(
  rows,
  `Load test: ${num(plan.articles)} articles, ${plan.connections} connections for ${plan.seconds} s, ${plan.writesPerSecond} writes/s, purge API and one hub failing ${plan.failureRate * 100}% (${results.date.slice(0, 10)}, ${results.machine.cores} × ${results.machine.cpu})`,
);
console.log(table);
writeFileSync(/** @type {string} */ (flags.out), `${JSON.stringify({ ...results, table }, null, 2)}\n`);
const failed = rows.filter((row) => row.met === false);
if (failed.length > 0) {
  for (const problem of results.verification.problems.slice(0, 20))
    log(`load: lost: ${problem.slug} in ${problem.where}: expected ${problem.expected}, found ${problem.found}`);
  for (const change of results.drain.open.slice(0, 10))
    log(
      `load: open: write ${change.n} (${change.slug}, changed ${change.changedAt}; URL purged at ${change.urlPurgedAt.join(", ") || "never"}): ${change.open.join(", ")}`,
    );
  log(`load: ${failed.length} check(s) failed: ${failed.map((row) => row.name).join("; ")}`);
  process.exitCode = 1;
}
log(`load: done in ${results.seconds} s; worker log in ${BUILD_DIR}/load-worker.log`);
