// One measurement: autocannon at a fixed number of connections for a fixed time, after a
// warm-up that is not counted.
import autocannon from "autocannon";

/**
 * `nextPath()` gives each request its path, so a scenario can walk distinct URLs. With
 * `maxRequests` the run also ends once that many requests were sent (distinct URLs run out).
 */
function runOnce({ origin, nextPath, connections, seconds, headers, maxRequests }) {
  return new Promise((resolve, reject) => {
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

/** Requests per second, latency percentiles (ms) and every answer that was not `expectStatus`. */
function summarise(result, expectStatus) {
  const statuses = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, stats]) => [code, stats.count]));
  const unexpected = Object.entries(statuses).reduce((sum, [code, count]) => (Number(code) === expectStatus ? sum : sum + count), 0);
  return {
    requests: result.requests.total,
    requestsPerSecond: result.requests.total / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + unexpected,
    statuses,
  };
}

export async function measure({ origin, nextPath, connections, seconds, warmupSeconds, headers = {}, expectStatus = 200, maxRequests, warmupRequests }) {
  if (warmupSeconds > 0) await runOnce({ origin, nextPath, connections, seconds: warmupSeconds, headers, maxRequests: warmupRequests });
  return summarise(await runOnce({ origin, nextPath, connections, seconds, headers, maxRequests }), expectStatus);
}
