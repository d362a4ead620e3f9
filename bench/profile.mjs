// `npm run bench:profile -- <path> [articles] [seconds] [connections]`: a CPU profile of Herald's production
// bundle while autocannon loads one path (32 connections unless told), through workerd's inspector. Prints
// CPU per request and the functions with the most self time (bench/lib/cpu-profile.mjs, as the
// benchmark counts them) and writes bench/.build/profile.cpuprofile (open it in Chrome DevTools). For finding the cause of a missed budget. A path starting "edge:" loads the
// edge-mode worker in front of the stand-in WordPress origin instead; "{n}" in the path is a
// counter, so every request asks for a new URL (a cache miss each time); "cold-card:png" or
// "cold-card:jpg" asks for a different article's card (text or photo) each time, each drawn cold. BENCH_TIER=cache-api
// loads the same worker with its memory tiers off (every hit from the Cache API).
import { writeFileSync } from "node:fs";
import autocannon from "autocannon";
import { importTextFile } from "../scripts/import.mjs";
import { bundleSources, connectProfiler } from "./lib/cpu-profile.mjs";
import { ADMIN_TOKEN, BUILD_DIR, buildBundles, seedArticles, startRuntime } from "./lib/runtime.mjs";
import { coldCardPaths, pathOf } from "./lib/scenarios.mjs";

const [requested = "/feed.xml", articles = "1000", seconds = "5", connections = "32"] = process.argv.slice(2);
// BENCH_INSPECTOR_PORT: another port, for two profiles on one machine at once.
const INSPECTOR_PORT = Number(process.env.BENCH_INSPECTOR_PORT ?? 9230);
const edge = requested.startsWith("edge:");
const path = edge ? requested.slice("edge:".length) : requested;
const cacheApi = process.env.BENCH_TIER === "cache-api";
const worker = `${edge ? "herald-edge" : "herald"}${cacheApi ? "-cache-api" : ""}`;

const { bundles } = await buildBundles();
const runtime = await startRuntime(bundles, { inspectorPort: INSPECTOR_PORT });
try {
  const slugs = await seedArticles(runtime.urls.harness, Number(articles));
  const demo = (await import("../scripts/demo-content.json", { with: { type: "json" } })).default[0];
  await importTextFile({ ...demo, url: runtime.urls.herald, token: ADMIN_TOKEN });
  // A card path without its version is followed to the versioned URL crawlers fetch.
  let target = path.replace("{slug}", slugs[1]);
  const { heraldEdge, herald, heraldEdgeCacheApi, heraldCacheApi } = runtime.urls;
  const base = cacheApi ? (edge ? heraldEdgeCacheApi : heraldCacheApi) : edge ? heraldEdge : herald;
  /** @type {string[]} */
  let coldCards = [];
  if (path.startsWith("cold-card:")) {
    const { photoCards, textCards } = await coldCardPaths(base, slugs);
    coldCards = path === "cold-card:jpg" ? photoCards : textCards;
    target = /** @type {string} */ (coldCards.shift());
  } else {
    const first = await fetch(`${base}${target}`, { redirect: "manual" });
    if (first.status === 302) target = pathOf(/** @type {string} */ (first.headers.get("location")));
  }
  await fetch(`${base}${target}`).then((res) => res.arrayBuffer());
  let n = 0;
  const nextPath = () => coldCards.shift() ?? target.replaceAll("{n}", String(n++));

  const profiler = await connectProfiler(INSPECTOR_PORT, worker, bundleSources(cacheApi ? bundles.cacheApi : bundles.herald));
  await profiler.start();
  const load = await autocannon({
    url: `${base}${target}`,
    connections: Number(connections),
    duration: Number(seconds),
    requests: [{ setupRequest: (request) => ({ ...request, path: nextPath() }) }],
  });
  const profile = await profiler.stop();
  profiler.close();
  writeFileSync(`${BUILD_DIR}/profile.cpuprofile`, JSON.stringify(profile.profile));
  console.log(
    `${target}: ${Math.round(load.requests.total / load.duration)} req/s, p50 ${load.latency.p50} ms; CPU ${(profile.busyUs / 1000 / load.requests.total).toFixed(2)} ms/request`,
  );
  for (const { name, selfUs } of profile.top.slice(0, 25)) {
    console.log(`${((100 * selfUs) / profile.busyUs).toFixed(1).padStart(5)}%  ${name}`);
  }
} finally {
  await runtime.dispose();
}
