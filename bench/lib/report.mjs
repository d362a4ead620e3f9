// Budgets, the printed table, bench/results.json and the README's benchmark section.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";

/** @import { SeedArticleReport } from "./extras.mjs" */
/** @import { Herd } from "./herd.mjs" */
/** @import { BundleSize } from "./runtime.mjs" */
/** @import { CpuPerRequest, ScenarioResult } from "./scenarios.mjs" */

/** @typedef {Omit<ScenarioResult, "profileRound"> & { articles: number, cpu: CpuPerRequest }} ScenarioRun */
/** @typedef {ReturnType<typeof judgeScenario>} ScenarioRow */
/** @typedef {{ name: string, value: string, budget: string, met: boolean }} Check */
/** @typedef {{ cpu: string, cores: number, memoryGiB: number, node: string, workerd: string }} Machine */

/** @typedef {Herd & { articles: number }} HerdRun */

/**
 * What the checks judge: the bundle, the seed article's share bar and card, a herd per size.
 * @typedef {{ bundle: BundleSize, herds: HerdRun[] } & SeedArticleReport} Measured
 */

/**
 * One run, as bench/results.json holds it.
 * @typedef {object} Results
 * @property {string} date
 * @property {"smoke" | "full" | "only"} mode
 * @property {string} runtime
 * @property {Machine} machine
 * @property {{ sizes: number[], seconds: number, rounds: number, warmupSeconds: number }} plan
 * @property {ScenarioRow[]} scenarios
 * @property {Check[]} checks
 * @property {Measured} raw
 * @property {number} seconds
 */

/**
 * CPU time a request may take (developers.cloudflare.com/workers/platform/limits/, "CPU time",
 * December 2026): Workers Free stops a request at 10 ms; Workers Paid at 30 s by default,
 * which `limits.cpu_ms` raises to 5 minutes (changelog 2025-03-25).
 */
export const CPU_LIMITS_MS = { free: 10, paidDefault: 30_000 };

export const BUDGETS = {
  bundleGzipBytes: 3 * 1024 * 1024,
  shareBarRawBytes: 12 * 1024,
  shareBarGzipBytes: 4 * 1024,
  cardBytes: 300 * 1024,
};

/**
 * A scenario's budget as text and whether Herald met it (undefined: no budget); errors always miss.
 * @param {ScenarioRun} row
 */
export function judgeScenario(row) {
  const ratio = row.herald.requestsPerSecond / row.baseline.requestsPerSecond;
  const { ratio: minRatio, p50: maxP50, p99OfP50, cpuMs: maxCpuMs } = row.budget ?? {};
  /** @type {{ text: string, met: boolean }[]} */
  const parts = [];
  if (minRatio !== undefined) parts.push({ text: `≥ ${minRatio}× baseline`, met: ratio >= minRatio });
  if (maxP50 !== undefined) parts.push({ text: `p50 ≤ ${maxP50} ms`, met: row.herald.p50 <= maxP50 });
  // A p99 within a multiple of the p50: no slow path (a second render, a cold decoder) hides in the tail.
  if (p99OfP50 !== undefined) parts.push({ text: `p99 ≤ ${p99OfP50}× p50`, met: row.herald.p99 <= p99OfP50 * row.herald.p50 });
  if (maxCpuMs !== undefined) parts.push({ text: `CPU ≤ ${maxCpuMs} ms`, met: row.cpu.msPerRequest <= maxCpuMs });
  const errors = row.herald.errors > 0 || row.baseline.errors > 0;
  const met = parts.length === 0 ? undefined : parts.every((part) => part.met);
  return { ...row, ratio, budgetText: parts.map((part) => part.text).join(", ") || "—", met: errors ? false : met };
}

/**
 * @param {Measured} measured
 * @returns {Check[]}
 */
export function judgeChecks({ bundle, shareBar, seedCard, herds }) {
  const checks = [
    {
      name: "bundle (wrangler dry run)",
      value: `${kib(bundle.raw)} raw, ${kib(bundle.gzip)} gzip`,
      budget: "≤ 3 MiB gzip",
      met: bundle.gzip <= BUDGETS.bundleGzipBytes,
    },
    {
      name: "share bar added to a page",
      value: `${shareBar.raw} B raw, ${shareBar.gzip} B gzip, ${shareBar.otherHostRequests} requests to other hosts`,
      budget: "≤ 12 KiB raw, ≤ 4 KiB gzip, 0 requests",
      met: shareBar.raw <= BUDGETS.shareBarRawBytes && shareBar.gzip <= BUDGETS.shareBarGzipBytes && shareBar.otherHostRequests === 0,
    },
    {
      name: "seed article card PNG",
      value: `${kib(seedCard.bytes)}, ${seedCard.width}×${seedCard.height}`,
      budget: "1200×630, ≤ 300 KiB",
      met: seedCard.width === 1200 && seedCard.height === 630 && seedCard.bytes <= BUDGETS.cardBytes,
    },
  ];
  for (const herd of herds) {
    const { page, card } = herd;
    checks.push({
      name: `herd of ${herd.requests / 2} + ${herd.requests / 2} (${herd.articles.toLocaleString("en-US")} articles)`,
      value: `page: ${page.d1Reads} D1 read, ${page.ok} × 200; card: ${card.d1Reads} D1 read, ${card.renders} render, ${card.ok} × 200; ${herd.seconds.toFixed(2)} s`,
      budget: "1 read and 1 render, all 200, one body each",
      met:
        page.d1Reads === 1 &&
        card.d1Reads === 1 &&
        card.renders === 1 &&
        page.ok === herd.requests / 2 &&
        card.ok === herd.requests / 2 &&
        page.distinctBodies === 1 &&
        card.distinctBodies === 1,
    });
  }
  return checks;
}

const kib = (/** @type {number} */ bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
const mark = (/** @type {boolean | undefined} */ met) => (met === undefined ? "" : met ? "met" : "**missed**");
const num = (/** @type {number} */ n, digits = 0) =>
  n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** CPU per request as the tables print it: two decimals below a millisecond, one above. */
const cpuMs = (/** @type {ScenarioRow} */ row) => num(row.cpu.msPerRequest, row.cpu.msPerRequest < 1 ? 2 : 1);

/**
 * Whether a request fits Workers Free's CPU limit; over it, where the time goes (the functions
 * with the most self time in the profile, as workerd's profiler names them).
 * @param {ScenarioRow} row
 */
function freeVerdict(row) {
  if (row.cpu.msPerRequest <= CPU_LIMITS_MS.free) return "within";
  const where = row.cpu.top
    .slice(0, 3)
    .map(({ name, share }) => `\`${name.replaceAll("|", "/")}\` ${Math.round(share * 100)}%`)
    .join(", ");
  return `**over**: ${where}`;
}

/**
 * The table a publisher reads first: per route at the run's largest size, Herald's requests per
 * second, the runtime's limit (the baseline: a constant worker on the same workerd, or one
 * Cache API lookup for the Cache API tier, or the origin direct), the ratio, and CPU per request
 * beside Workers Free's and Paid's limits.
 * @param {Results} results
 */
export function publisherTable(results) {
  const largest = Math.max(...results.scenarios.map((row) => row.articles));
  const lines = [
    `| route (${num(largest)} articles) | answered from | Herald req/s | runtime's limit req/s | ratio | CPU ms/request | Workers Free (${CPU_LIMITS_MS.free} ms CPU) | Workers Paid (${CPU_LIMITS_MS.paidDefault / 1000} s CPU by default) |`,
    "|---|---|---:|---:|---:|---:|---|---|",
  ];
  for (const row of results.scenarios.filter((r) => r.articles === largest)) {
    const paid = row.cpu.msPerRequest <= CPU_LIMITS_MS.paidDefault ? "within" : "**over**";
    lines.push(
      `| ${row.name.replace(/, Cache API tier$/, "")} | ${row.answeredFrom} | ${num(row.herald.requestsPerSecond)} | ${num(row.baseline.requestsPerSecond)} | ${num(row.ratio, 2)} | ${cpuMs(row)} | ${freeVerdict(row)} | ${paid} |`,
    );
  }
  return lines.join("\n");
}

/** @param {Results} results */
export function markdownTables(results) {
  const lines = [
    "| articles | scenario | conns | req/s | p50 ms | p99 ms | CPU ms | errors | baseline req/s | ratio | budget | |",
    "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|",
  ];
  for (const row of results.scenarios) {
    lines.push(
      `| ${num(row.articles)} | ${row.name} | ${row.connections} | ${num(row.herald.requestsPerSecond)} | ${row.herald.p50} | ${row.herald.p99} | ${cpuMs(row)} | ${row.herald.errors} | ${num(row.baseline.requestsPerSecond)} | ${num(row.ratio, 2)} | ${row.budgetText} | ${mark(row.met)} |`,
    );
  }
  lines.push("", "| check | measured | budget | |", "|---|---|---|---|");
  for (const check of results.checks) lines.push(`| ${check.name} | ${check.value} | ${check.budget} | ${mark(check.met)} |`);
  return lines.join("\n");
}

/** The last full runs of the same code, for the spread of their figures (bench/runs.json). */
const RUNS_FILE = "bench/runs.json";
const RUNS_KEPT = 3;
/** What decides the figures: Herald, the benchmark, the dependencies and the configuration. */
const MEASURED_CODE = ["src", "bench", "migrations", "package-lock.json", "wrangler.toml"];
/** …but not what the benchmark writes. */
const WRITTEN_BY_RUNS = new Set(["bench/.build", "bench/results.json", RUNS_FILE, "bench/load-results.json"]);

/** A hash of the measured code's bytes: equal for two runs of the same code, whatever was committed between. */
function codeFingerprint() {
  const hash = createHash("sha256");
  const visit = (/** @type {string} */ path) => {
    if (WRITTEN_BY_RUNS.has(path) || !existsSync(path)) return;
    if (statSync(path).isDirectory()) {
      for (const name of readdirSync(path).sort()) visit(join(path, name));
    } else {
      hash.update(`${path}\0`).update(readFileSync(path));
    }
  };
  for (const path of MEASURED_CODE) visit(path);
  return hash.digest("hex").slice(0, 16);
}

/**
 * One run as the spread keeps it: per scenario the figure its budget judges, and whether it was met.
 * @typedef {{ date: string, fingerprint: string, scenarios: { articles: number, id: string, name: string, budgetText: string, figure: string, met: boolean | undefined }[], checksMet: boolean }} KeptRun
 */

/** @param {ScenarioRow} row */
function judgedFigure(row) {
  const cpu = row.budget?.cpuMs !== undefined ? `, CPU ${cpuMs(row)} ms` : "";
  if (row.budget?.p50 !== undefined) return `${row.herald.p50} ms (p99 ${row.herald.p99})${cpu}`;
  return `${num(row.ratio, 2)}${cpu}`;
}

/**
 * Adds a full run to the last runs of the same code (a run of other code starts them again) and
 * returns them, oldest first, this one last.
 * @param {Results} results
 * @returns {KeptRun[]}
 */
export function recordRun(results) {
  const fingerprint = codeFingerprint();
  /** @type {KeptRun[]} */
  const earlier = existsSync(RUNS_FILE) ? JSON.parse(readFileSync(RUNS_FILE, "utf8")) : [];
  const run = {
    date: results.date,
    fingerprint,
    scenarios: results.scenarios.map((row) => ({
      articles: row.articles,
      id: row.id,
      name: row.name,
      budgetText: row.budgetText,
      figure: judgedFigure(row),
      met: row.met,
    })),
    checksMet: results.checks.every((check) => check.met),
  };
  const runs = [...earlier.filter((kept) => kept.fingerprint === fingerprint), run].slice(-RUNS_KEPT);
  writeFileSync(RUNS_FILE, `${JSON.stringify(runs, null, 2)}\n`);
  return runs;
}

/**
 * Every budget over the kept runs: the judged figure of each run, and in how many it was met.
 * @param {KeptRun[]} runs
 */
export function spreadTable(runs) {
  const lines = [
    `| articles | scenario | budget | ${runs.map((run, i) => `run ${i + 1} (${run.date.slice(11, 16)} UTC)`).join(" | ")} | met in |`,
    `|---:|---|---|${runs.map(() => "---:|").join("")}---|`,
  ];
  const last = runs[runs.length - 1];
  for (const row of last?.scenarios.filter((r) => r.met !== undefined) ?? []) {
    const same = runs.map((run) => run.scenarios.find((r) => r.id === row.id && r.articles === row.articles));
    const met = same.filter((r) => r?.met).length;
    const figures = same.map((r) => (r ? (r.met ? r.figure : `**${r.figure}**`) : "—"));
    lines.push(`| ${num(row.articles)} | ${row.name} | ${row.budgetText} | ${figures.join(" | ")} | ${met} of ${runs.length} |`);
  }
  lines.push("", `Bundle, share bar, card and herd checks met in ${runs.filter((run) => run.checksMet).length} of ${runs.length} runs.`);
  return lines.join("\n");
}

/**
 * The machine a run was measured on, as both benchmarks record it.
 * @returns {Machine}
 */
export function thisMachine() {
  return {
    cpu: cpus()[0]?.model.trim() ?? "unknown CPU",
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.versions.node,
    workerd: JSON.parse(readFileSync("node_modules/workerd/package.json", "utf8")).version,
  };
}

/** @param {Machine} machine */
export function machineLine(machine) {
  return `${machine.cpu} (${machine.cores} cores), ${machine.memoryGiB} GiB, Node ${machine.node}, workerd ${machine.workerd}`;
}

/**
 * Replaces what stands between the README's benchmark markers with the latest run: the
 * publisher's table, the spread of the last runs of the same code, then every figure.
 * @param {Results} results
 * @param {KeptRun[]} runs
 * @param {string} tables
 */
export function updateReadme(results, runs, tables) {
  const readme = readFileSync("README.md", "utf8");
  const start = "<!-- bench:start -->";
  const end = "<!-- bench:end -->";
  if (!readme.includes(start) || !readme.includes(end)) throw new Error("README.md has no benchmark markers");
  const section = [
    start,
    `Latest run: ${results.date.slice(0, 10)}, ${machineLine(results.machine)}; ${results.runtime}.`,
    "",
    publisherTable(results),
    "",
    `The last ${runs.length === 1 ? "run" : `${runs.length} full runs`} of this code, every budget (a missed figure in bold):`,
    "",
    spreadTable(runs),
    "",
    `Every figure of the latest run. Each scenario: ${results.plan.warmupSeconds} s warm-up each, then ${results.plan.seconds} s measured each in ${results.plan.rounds} rounds, Herald and baseline taking turns; p50/p99 are the median round's; CPU ms is from workerd's CPU profile of one more Herald round of the same load.`,
    "",
    tables,
    end,
  ].join("\n");
  writeFileSync("README.md", readme.slice(0, readme.indexOf(start)) + section + readme.slice(readme.indexOf(end) + end.length));
  // The README is formatted by Biome (`npm run lint` checks it): align the new tables the same way.
  const format = spawnSync("biome", ["format", "--write", "README.md"], { stdio: "inherit" });
  if (format.status !== 0) throw new Error(`biome format README.md failed (exit ${format.status})`);
}
