// `npm run bench`: Herald against a constant-response baseline on the same workerd, at 1,000 and
// 10,000 generated articles; prints one table with every budget met or missed, writes
// bench/results.json and the README's benchmark section. `--smoke` (CI) runs the same path at
// one size for a couple of seconds per scenario, writes only bench/.build/, and fails on
// errors and on the budgets that do not depend on machine speed.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { importTextFile } from "../scripts/import.mjs";
import { seedArticleReport } from "./lib/extras.mjs";
import { runHerd } from "./lib/herd.mjs";
import { judgeChecks, judgeScenario, markdownTables, thisMachine, updateReadme } from "./lib/report.mjs";
import { ADMIN_TOKEN, BUILD_DIR, buildBundles, seedArticles, startRuntime } from "./lib/runtime.mjs";
import { edgeScenarioList, runScenario, scenarioList } from "./lib/scenarios.mjs";

/** @import { HerdRun, Results, ScenarioRow } from "./lib/report.mjs" */

const smoke = process.argv.includes("--smoke");
const plan = smoke
  ? { sizes: [1000], seconds: 2, rounds: 2, warmupSeconds: 0.5 }
  : { sizes: [1000, 10_000], seconds: 6, rounds: 3, warmupSeconds: 2 };
const RUNTIME = "Miniflare 5 API, each worker on its own workerd socket (no wrangler dev proxy)";
const log = (/** @type {string} */ line) => process.stderr.write(`${line}\n`);

const began = performance.now();
log(`bench: ${smoke ? "smoke run" : "full run"}, ${RUNTIME}`);
const { bundles, bundle } = await buildBundles();
log(`bench: built ${bundles.herald} (${bundle.raw} B, ${bundle.gzip} B gzip)`);

const demo = JSON.parse(readFileSync("scripts/demo-content.json", "utf8"))[0];
/** @type {ScenarioRow[]} */
const scenarios = [];
/** @type {HerdRun[]} */
const herds = [];
let seedArticle;
for (const size of plan.sizes) {
  const runtime = await startRuntime(bundles);
  try {
    const { herald, harness, baseline, heraldEdge, origin } = runtime.urls;
    let t = performance.now();
    const slugs = await seedArticles(harness, size);
    await importTextFile({ ...demo, url: herald, token: ADMIN_TOKEN });
    log(`bench: ${size} articles and the seed article written in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    seedArticle ??= await seedArticleReport(herald, runtime.siteUrl, demo.slug);

    const edgeRuns = edgeScenarioList(origin).map((scenario) => ({ scenario, target: heraldEdge }));
    const runs = [...(await scenarioList(herald, slugs)).map((scenario) => ({ scenario, target: herald })), ...edgeRuns];
    for (const { scenario, target } of runs) {
      const row = judgeScenario({ articles: size, ...(await runScenario(scenario, { herald: target, baseline, ...plan })) });
      log(
        `bench: ${size} ${row.name}: ${row.herald.requestsPerSecond.toFixed(0)} req/s, p50 ${row.herald.p50} ms (baseline ${row.baseline.requestsPerSecond.toFixed(0)} req/s), errors ${row.herald.errors}`,
      );
      scenarios.push(row);
    }
    t = performance.now();
    herds.push({ articles: size, ...(await runHerd(harness, size + 1)) });
    log(`bench: herd at ${size} articles in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  } finally {
    await runtime.mf.dispose();
  }
}
if (!seedArticle) throw new Error("bench: the plan has no sizes");

/** @type {Results} */
const results = {
  date: new Date().toISOString(),
  mode: smoke ? "smoke" : "full",
  runtime: RUNTIME,
  machine: thisMachine(),
  plan,
  scenarios,
  checks: judgeChecks({ bundle, ...seedArticle, herds }),
  raw: { bundle, ...seedArticle, herds },
  seconds: Math.round((performance.now() - began) / 1000),
};
const tables = markdownTables(results);
console.log(tables);
mkdirSync(BUILD_DIR, { recursive: true });
writeFileSync(smoke ? `${BUILD_DIR}/smoke-results.json` : "bench/results.json", `${JSON.stringify(results, null, 2)}\n`);
if (!smoke) updateReadme(results, tables);

const missedChecks = results.checks.filter((check) => !check.met);
const erroredRows = scenarios.filter((row) => row.herald.errors > 0 || row.baseline.errors > 0);
const missedRows = scenarios.filter((row) => row.met === false);
log(`bench: done in ${results.seconds} s; ${missedRows.length + missedChecks.length} budget(s) missed`);
// Speed budgets decide a full run; a smoke run on a shared CI machine fails only on errors and
// on what does not depend on speed (reads, renders, bytes).
if (erroredRows.length > 0 || missedChecks.length > 0 || (!smoke && missedRows.length > 0)) process.exitCode = 1;
