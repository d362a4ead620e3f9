// The load test's figures: what Herald's log says of its publish jobs, the checks that decide
// the run, and the markdown table printed for the README.

/** @typedef {{ name: string, value: string, met: boolean | undefined }} LoadRow undefined: a figure, not a check */

const FAILED_TRY = /^publish job (\S+) (\S+) failed \(try (\d+) of (\d+)\)/;
const DEAD_LETTERED = /^publish job (\S+) (\S+) dead-lettered after/;

/**
 * Herald's console lines about publish jobs (src/publish/consumer.ts): each failed try names its
 * job, kind and try number, each dead letter its job. Every other line is kept for the log file.
 */
export function jobLog() {
  /** @type {Map<string, { kind: string, failedTries: number, lastTry: number, of: number }>} */
  const failed = new Map();
  /** @type {Set<string>} */
  const deadLettered = new Set();
  /** @type {string[]} */
  const lines = [];
  return {
    /** @param {{ level: string, message: string }} log */
    take(log) {
      lines.push(`${log.level} ${log.message}`);
      const tried = FAILED_TRY.exec(log.message);
      if (tried) {
        const [, kind, jobId, attempt, of] = tried;
        const job = failed.get(jobId) ?? { kind, failedTries: 0, lastTry: 0, of: Number(of) };
        job.failedTries++;
        job.lastTry = Math.max(job.lastTry, Number(attempt));
        failed.set(jobId, job);
      }
      const dead = DEAD_LETTERED.exec(log.message);
      if (dead) deadLettered.add(dead[2]);
    },
    lines,
    /** Jobs that failed a try before their last (so were tried again), and the retries they got, by kind. */
    summary() {
      /** @type {Record<string, { jobsRetried: number, retries: number, jobsFailedLastTry: number }>} */
      const byKind = {};
      for (const job of failed.values()) {
        byKind[job.kind] ??= { jobsRetried: 0, retries: 0, jobsFailedLastTry: 0 };
        const row = byKind[job.kind];
        const retries = job.failedTries - (job.lastTry >= job.of ? 1 : 0);
        if (retries > 0) row.jobsRetried++;
        row.retries += retries;
        if (job.lastTry >= job.of) row.jobsFailedLastTry++;
      }
      return { byKind, deadLetteredLogged: deadLettered.size };
    },
  };
}

const n = (/** @type {number} */ value) => value.toLocaleString("en-US");

/** @param {Record<string, number>} counts */
const statusList = (counts) =>
  Object.entries(counts)
    .map(([status, count]) => `${status}: ${n(count)}`)
    .join(", ") || "none";

/**
 * @param {LoadRow[]} rows
 * @param {string} heading
 */
export function markdownTable(rows, heading) {
  const mark = (/** @type {boolean | undefined} */ met) => (met === undefined ? "" : met ? "✓" : "✗ FAILED");
  return [
    heading,
    "",
    "| | figure | check |",
    "|---|---|---|",
    ...rows.map((row) => `| ${row.name} | ${row.value} | ${mark(row.met)} |`),
  ].join("\n");
}

export { n as formatNumber, statusList };
