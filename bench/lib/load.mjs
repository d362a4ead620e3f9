// Load from autocannon at a fixed number of connections for a fixed time. A scenario is measured
// in short rounds, Herald and baseline taking turns, so a slow moment of a shared machine
// falls on both.
import autocannon from "autocannon";

/**
 * Where load goes and how much of it.
 * @typedef {object} Load
 * @property {string} origin
 * @property {() => string} nextPath
 * @property {number} connections
 * @property {number} seconds
 * @property {Record<string, string>} [headers]
 * @property {number} [maxRequests]
 */

/** @typedef {{ requests: number, seconds: number, p50: number, p99: number, errors: number }} Round */

/**
 * `nextPath()` gives each request its path, so a scenario can walk distinct URLs. With
 * `maxRequests` the run also ends once that many requests were sent (distinct URLs run out).
 * @param {Load} load
 * @returns {Promise<autocannon.Result>}
 */
function runOnce({ origin, nextPath, connections, seconds, headers, maxRequests }) {
  return new Promise((resolve, reject) => {
    /** @type {NodeJS.Timeout | undefined} */
    let timer;
    const instance = autocannon(
      {
        url: origin,
        connections,
        duration: seconds,
        amount: maxRequests,
        headers,
        requests: [{ setupRequest: (request) => ({ ...request, path: nextPath() }) }],
      },
      (err, result) => {
        clearTimeout(timer);
        if (err) reject(err);
        else resolve(result);
      },
    );
    // With `amount`, autocannon ignores `duration`: stop it at the time limit ourselves.
    if (maxRequests !== undefined) timer = setTimeout(() => instance.stop(), seconds * 1000);
  });
}

/**
 * One round: requests, time, latency percentiles (ms) and every answer that was not `expectStatus`.
 * @param {autocannon.Result} result
 * @param {number} expectStatus
 * @returns {Round}
 */
function summarise(result, expectStatus) {
  const unexpected = Object.entries(result.statusCodeStats ?? {}).reduce(
    (sum, [code, stats]) => (Number(code) === expectStatus ? sum : sum + stats.count),
    0,
  );
  return {
    requests: result.requests.total,
    seconds: result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + unexpected,
  };
}

const median = (/** @type {number[]} */ values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/**
 * Rounds together: requests per second over all of them, the median round's percentiles.
 * @param {Round[]} rounds
 */
export function combineRounds(rounds) {
  const requests = rounds.reduce((sum, r) => sum + r.requests, 0);
  const seconds = rounds.reduce((sum, r) => sum + r.seconds, 0);
  return {
    requests,
    requestsPerSecond: requests / seconds,
    p50: median(rounds.map((r) => r.p50)),
    p99: median(rounds.map((r) => r.p99)),
    errors: rounds.reduce((sum, r) => sum + r.errors, 0),
  };
}

/** @param {Load} load */
export async function warmUp({ origin, nextPath, connections, seconds, headers = {}, maxRequests }) {
  if (seconds > 0) await runOnce({ origin, nextPath, connections, seconds, headers, maxRequests });
}

/** @param {Load & { expectStatus?: number }} load */
export async function measureRound({ origin, nextPath, connections, seconds, headers = {}, expectStatus = 200, maxRequests }) {
  return summarise(await runOnce({ origin, nextPath, connections, seconds, headers, maxRequests }), expectStatus);
}
