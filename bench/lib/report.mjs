// Budgets, the printed table, bench/results.json and the README's benchmark section.
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";

/** @import { SeedArticleReport } from "./extras.mjs" */
/** @import { Herd } from "./herd.mjs" */
/** @import { BundleSize } from "./runtime.mjs" */
/** @import { ScenarioResult } from "./scenarios.mjs" */

/** @typedef {ScenarioResult & { articles: number }} ScenarioRun */
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
 * @property {"smoke" | "full"} mode
 * @property {string} runtime
 * @property {Machine} machine
 * @property {{ sizes: number[], seconds: number, rounds: number, warmupSeconds: number }} plan
 * @property {ScenarioRow[]} scenarios
 * @property {Check[]} checks
 * @property {Measured} raw
 * @property {number} seconds
 */

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
  const { ratio: minRatio, p50: maxP50, p99OfP50 } = row.budget ?? {};
  // A p99 within a multiple of the p50: no slow path (a second render, a cold decoder) hides in the tail.
  const tail =
    p99OfP50 === undefined
      ? { text: "", met: true }
      : { text: `, p99 ≤ ${p99OfP50}× p50`, met: row.herald.p99 <= p99OfP50 * row.herald.p50 };
  const budget =
    minRatio !== undefined
      ? { text: `≥ ${minRatio}× baseline`, met: ratio >= minRatio }
      : maxP50 !== undefined
        ? { text: `p50 ≤ ${maxP50} ms${tail.text}`, met: row.herald.p50 <= maxP50 && tail.met }
        : undefined;
  const errors = row.herald.errors > 0 || row.baseline.errors > 0;
  return { ...row, ratio, budgetText: budget?.text ?? "—", met: errors ? false : budget?.met };
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

/** @param {Results} results */
export function markdownTables(results) {
  const lines = [
    "| articles | scenario | conns | req/s | p50 ms | p99 ms | errors | baseline req/s | ratio | budget | |",
    "|---:|---|---:|---:|---:|---:|---:|---:|---:|---|---|",
  ];
  for (const row of results.scenarios) {
    lines.push(
      `| ${num(row.articles)} | ${row.name} | ${row.connections} | ${num(row.herald.requestsPerSecond)} | ${row.herald.p50} | ${row.herald.p99} | ${row.herald.errors} | ${num(row.baseline.requestsPerSecond)} | ${num(row.ratio, 2)} | ${row.budgetText} | ${mark(row.met)} |`,
    );
  }
  lines.push("", "| check | measured | budget | |", "|---|---|---|---|");
  for (const check of results.checks) lines.push(`| ${check.name} | ${check.value} | ${check.budget} | ${mark(check.met)} |`);
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
 * Replaces what stands between the README's benchmark markers with the latest run.
 * @param {Results} results
 * @param {string} tables
 */
export function updateReadme(results, tables) {
  const readme = readFileSync("README.md", "utf8");
  const start = "<!-- bench:start -->";
  const end = "<!-- bench:end -->";
  if (!readme.includes(start) || !readme.includes(end)) throw new Error("README.md has no benchmark markers");
  const section = [
    start,
    `Latest run: ${results.date.slice(0, 10)}, ${machineLine(results.machine)}; ${results.runtime}.`,
    `Each scenario: ${results.plan.warmupSeconds} s warm-up each, then ${results.plan.seconds} s measured each in ${results.plan.rounds} rounds, Herald and baseline taking turns; p50/p99 are the median round's.`,
    "",
    tables,
    end,
  ].join("\n");
  writeFileSync("README.md", readme.slice(0, readme.indexOf(start)) + section + readme.slice(readme.indexOf(end) + end.length));
  // The README is formatted by Biome (`npm run lint` checks it): align the new tables the same way.
  const format = spawnSync("biome", ["format", "--write", "README.md"], { stdio: "inherit" });
  if (format.status !== 0) throw new Error(`biome format README.md failed (exit ${format.status})`);
}
