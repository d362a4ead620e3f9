// `npm run bench`: Herald against a constant-response baseline on the same workerd, at 1,000 and
// 10,000 generated articles; prints one table with every budget met or missed, writes
// bench/results.json and the README's benchmark section. `--smoke` (CI) runs the same path at
// one size for a couple of seconds per scenario, writes only bench/.build/, and fails on
// errors and on the budgets that do not depend on machine speed. `--only <id>,<id>…` runs the full
// plan for those scenarios alone (ids as in bench/lib/scenarios.mjs, "-cache-api" for the Cache
// API tier) at 1,000 articles, for working on one budget; it writes only bench/.build/.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { importTextFile } from "../scripts/import.mjs";
import { bundleSources, connectProfiler } from "./lib/cpu-profile.mjs";
import { seedArticleReport } from "./lib/extras.mjs";
import { runHerd } from "./lib/herd.mjs";
import { judgeChecks, judgeScenario, markdownTables, publisherTable, recordRun, thisMachine, updateReadme } from "./lib/report.mjs";
import { ADMIN_TOKEN, BUILD_DIR, buildBundles, seedArticles, startRuntime } from "./lib/runtime.mjs";
import { edgeScenarioList, runScenario, scenarioList, withCacheApiTier } from "./lib/scenarios.mjs";

/** @import { HerdRun, Results, ScenarioRow, ScenarioRun } from "./lib/report.mjs" */

const smoke = process.argv.includes("--smoke");
const onlyArg = process.argv.indexOf("--only");
const only = onlyArg === -1 ? undefined : new Set(process.argv[onlyArg + 1]?.split(","));
const plan = smoke
  ? { sizes: [1000], seconds: 2, rounds: 2, warmupSeconds: 0.5 }
  : { sizes: only ? [1000] : [1000, 10_000], seconds: 6, rounds: 3, warmupSeconds: 2 };
const full = !smoke && !only;
const RUNTIME = "Miniflare 5 API, each worker on its own workerd socket (no wrangler dev proxy)";
// workerd's inspector, for the CPU profiles (BENCH_INSPECTOR_PORT: another, beside a bench:profile).
const INSPECTOR_PORT = Number(process.env.BENCH_INSPECTOR_PORT ?? 9231);
const log = (/** @type {string} */ line) => process.stderr.write(`${line}\n`);

const began = performance.now();
log(`bench: ${full ? "full run" : smoke ? "smoke run" : `only ${[...(only ?? [])].join(", ")}`}, ${RUNTIME}`);
const { bundles, bundle } = await buildBundles();
log(`bench: built ${bundles.herald} (${bundle.raw} B, ${bundle.gzip} B gzip)`);

const heraldSources = bundleSources(bundles.herald);
const cacheApiSources = bundleSources(bundles.cacheApi);
const demo = JSON.parse(readFileSync("scripts/demo-content.json", "utf8"))[0];
/** @type {ScenarioRow[]} */
const scenarios = [];
/** @type {HerdRun[]} */
const herds = [];
let seedArticle;
for (const size of plan.sizes) {
  const runtime = await startRuntime(bundles, { inspectorPort: INSPECTOR_PORT });
  try {
    const { herald, harness, baseline, heraldEdge, origin, heraldCacheApi, heraldEdgeCacheApi } = runtime.urls;
    let t = performance.now();
    const slugs = await seedArticles(harness, size);
    await importTextFile({ ...demo, url: herald, token: ADMIN_TOKEN });
    log(`bench: ${size} articles and the seed article written in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    seedArticle ??= await seedArticleReport(herald, runtime.siteUrl, demo.slug);

    // The worker each scenario loads, by mode and tier, and the bundle it runs.
    const workers = {
      publisher: {
        memory: { name: "herald", url: herald, sources: heraldSources },
        "cache-api": { name: "herald-cache-api", url: heraldCacheApi, sources: cacheApiSources },
      },
      edge: {
        memory: { name: "herald-edge", url: heraldEdge, sources: heraldSources },
        "cache-api": { name: "herald-edge-cache-api", url: heraldEdgeCacheApi, sources: cacheApiSources },
      },
    };
    const runs = [
      ...withCacheApiTier(await scenarioList(herald, slugs)).map((scenario) => ({ scenario, mode: workers.publisher })),
      ...withCacheApiTier(edgeScenarioList(origin)).map((scenario) => ({ scenario, mode: workers.edge })),
    ].filter(({ scenario }) => !only || only.has(scenario.id));
    /** @type {{ measured: Omit<ScenarioRun, "cpu">, profileRound: () => Promise<ScenarioRun["cpu"]> }[]} */
    const measuredRuns = [];
    for (const { scenario, mode } of runs) {
      const { name, url, sources } = mode[scenario.tier ?? "memory"];
      const { profileRound, ...measured } = await runScenario(scenario, {
        herald: url,
        baseline,
        profiler: () => connectProfiler(INSPECTOR_PORT, name, sources),
        ...plan,
      });
      measuredRuns.push({ measured: { articles: size, ...measured }, profileRound });
    }
    for (const { measured, profileRound } of measuredRuns) {
      const row = judgeScenario({ ...measured, cpu: await profileRound() });
      log(
        `bench: ${size} ${row.name}: ${row.herald.requestsPerSecond.toFixed(0)} req/s, p50 ${row.herald.p50} ms, CPU ${row.cpu.msPerRequest.toFixed(2)} ms/request (baseline ${row.baseline.requestsPerSecond.toFixed(0)} req/s), errors ${row.herald.errors} (baseline ${row.baseline.errors})`,
      );
      scenarios.push(row);
    }
    t = performance.now();
    herds.push({ articles: size, ...(await runHerd(harness, size + 1)) });
    log(`bench: herd at ${size} articles in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  } finally {
    await runtime.dispose();
  }
}
if (!seedArticle) throw new Error("bench: the plan has no sizes");

/** @type {Results} */
const results = {
  date: new Date().toISOString(),
  mode: full ? "full" : smoke ? "smoke" : "only",
  runtime: RUNTIME,
  machine: thisMachine(),
  plan,
  scenarios,
  checks: judgeChecks({ bundle, ...seedArticle, herds }),
  raw: { bundle, ...seedArticle, herds },
  seconds: Math.round((performance.now() - began) / 1000),
};
const tables = markdownTables(results);
console.log(`${publisherTable(results)}\n\n${tables}`);
mkdirSync(BUILD_DIR, { recursive: true });
writeFileSync(full ? "bench/results.json" : `${BUILD_DIR}/${results.mode}-results.json`, `${JSON.stringify(results, null, 2)}\n`);
if (full) updateReadme(results, recordRun(results), tables);

const missedChecks = results.checks.filter((check) => !check.met);
const erroredRows = scenarios.filter((row) => row.herald.errors > 0 || row.baseline.errors > 0);
const missedRows = scenarios.filter((row) => row.met === false);
log(`bench: done in ${results.seconds} s; ${missedRows.length + missedChecks.length} budget(s) missed`);
// Speed budgets decide a full run; a smoke run on a shared CI machine fails only on errors and
// on what does not depend on speed (reads, renders, bytes).
if (erroredRows.length > 0 || missedChecks.length > 0 || (!smoke && missedRows.length > 0)) process.exitCode = 1;
