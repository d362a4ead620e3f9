// CPU time from workerd's own V8 CPU profiler, through its inspector: the figure Workers bill
// and cut off by (10 ms per request on Workers Free), where the benchmark's latency also holds
// loopback, Miniflare's local D1 and the load generator. Each worker is an isolate of its own
// with an inspector target of its own, so a profile holds one worker's JavaScript and the
// runtime's work done for it, and none of D1's, the Cache API's or the baseline's.

import { readFileSync } from "node:fs";

/** @import { Profiler } from "node:inspector" */

/**
 * The interval V8 is asked to sample at. On this machine it manages one sample every ~190 µs
 * of the isolate's running time at this setting (measured December 2026), which still splits
 * a 0.1 ms answer from the gaps around it.
 */
const SAMPLING_INTERVAL_US = 100;

/** Where the sampled time went that is not the isolate's: it was waiting. */
const NOT_CPU = new Set(["(idle)"]);

/**
 * @typedef {object} CpuProfile
 * @property {number} busyUs sampled time the isolate was running (JavaScript, GC, the runtime's own work for it)
 * @property {{ name: string, selfUs: number }[]} top functions by self time, the most first
 */

/** @typedef {Awaited<ReturnType<typeof connectProfiler>>} WorkerProfiler */

/**
 * Which source file a line of a bundle comes from: esbuild puts a `// node_modules/…` or
 * `// src/…` comment before each module it bundles.
 * @param {string} bundlePath
 * @returns {(line: number) => string | undefined} line is 1-based
 */
export function bundleSources(bundlePath) {
  /** @type {{ line: number, path: string }[]} */
  const starts = [];
  readFileSync(bundlePath, "utf8")
    .split("\n")
    .forEach((text, i) => {
      const marker = /^\/\/ ((?:node_modules|src|bench)\/\S+)$/.exec(text);
      if (marker?.[1]) starts.push({ line: i + 1, path: marker[1].replace(/^node_modules\//, "") });
    });
  return (line) => {
    let found;
    for (const start of starts) {
      if (start.line > line) break;
      found = start.path;
    }
    return found;
  };
}

/**
 * A worker's profiler: `start()` before a round, `stop()` after, which gives that round's
 * profile; `close()` ends the inspector session. Functions are named with their source file.
 * @param {number} inspectorPort
 * @param {string} worker the worker's name in Miniflare's options
 * @param {(line: number) => string | undefined} sourceOf the source file of a line of the worker's bundle (bundleSources)
 */
export async function connectProfiler(inspectorPort, worker, sourceOf) {
  const targets = /** @type {{ id?: string, title: string, webSocketDebuggerUrl: string }[]} */ (
    await (await fetch(`http://127.0.0.1:${inspectorPort}/json`)).json()
  );
  // Miniflare names a user worker "core:user:<name>" (its own workers are cache:, d1:, r2:…).
  const target = targets.find((t) => t.title === `workerd: worker core:user:${worker}`);
  if (!target) throw new Error(`no inspector target for worker ${worker}: ${targets.map((t) => t.title).join(", ")}`);
  const socket = new WebSocket(target.webSocketDebuggerUrl);
  await new Promise((resolve, reject) => {
    socket.addEventListener("open", resolve, { once: true });
    socket.addEventListener("error", reject, { once: true });
  });
  let nextId = 0;
  /** @type {Map<number, (result: unknown) => void>} */
  const pending = new Map();
  socket.addEventListener("message", (/** @type {MessageEvent<string>} */ event) => {
    const message = JSON.parse(event.data);
    pending.get(message.id)?.(message.result);
    pending.delete(message.id);
  });
  /** @type {(method: string, params?: object) => Promise<unknown>} */
  const send = (method, params = {}) =>
    new Promise((resolve) => {
      const id = ++nextId;
      pending.set(id, resolve);
      socket.send(JSON.stringify({ id, method, params }));
    });
  await send("Profiler.enable");
  await send("Profiler.setSamplingInterval", { interval: SAMPLING_INTERVAL_US });
  return {
    start: () => send("Profiler.start"),
    /** @returns {Promise<CpuProfile & { profile: Profiler.Profile }>} the summary, and the profile itself (for DevTools) */
    async stop() {
      // V8 always sends samples and timeDeltas, which the protocol leaves optional.
      const { profile } = /** @type {{ profile: Profiler.Profile & { samples: number[], timeDeltas: number[] } }} */ (
        await send("Profiler.stop")
      );
      return { ...summarise(profile, sourceOf), profile };
    },
    close: () => socket.close(),
  };
}

/**
 * Self time per function, and the isolate's busy time. V8 records a sample only while workerd
 * has the isolate entered: while workerd runs another isolate (D1, the Cache API, the load's
 * other workers) or waits, it records nothing, and the next sample's time delta spans the gap.
 * Counted as DevTools counts (each sample stands for the time until the next), the gaps went to
 * Herald: the CPU per request came out above the whole workerd thread's (from /proc) and above
 * the request's latency. So a sample stands for the time to the next one up to twice the
 * profile's median spacing, which is the sampler's real pace here; a longer delta is a gap
 * and counts one median spacing.
 * A function is named with its source file; WebAssembly (resvg, yoga, harfbuzz, mozjpeg), whose
 * functions have only numbers, by the JavaScript function that called into it.
 * @param {Profiler.Profile & { samples: number[], timeDeltas: number[] }} profile
 * @param {(line: number) => string | undefined} sourceOf
 * @returns {CpuProfile}
 */
function summarise(profile, sourceOf) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  /** @type {Map<number, Profiler.ProfileNode>} */
  const parentOf = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node);
  /** @type {(node: Profiler.ProfileNode) => string} */
  const nameOf = (node) => {
    const { functionName, url, lineNumber } = node.callFrame;
    if (url.startsWith("wasm://")) {
      let caller = parentOf.get(node.id);
      while (caller?.callFrame.url.startsWith("wasm://")) caller = parentOf.get(caller.id);
      return caller ? `wasm called by ${nameOf(caller)}` : "wasm";
    }
    if (!url) return functionName;
    // workerd's own JavaScript (its D1 client, node: modules) has a scheme for a url
    // ("cloudflare-internal:d1-api"): its lines are not the bundle's, whose modules sourceOf
    // names (D1's toJson was reported as entities' decode.js before, December 2026).
    const internal = /^[a-z-]+:/.test(url);
    const source = (internal ? undefined : sourceOf(lineNumber + 1)) ?? url.split("/").pop();
    return `${functionName || "(anonymous)"} (${source})`;
  };
  const spacing = median(profile.timeDeltas.slice(1)) ?? SAMPLING_INTERVAL_US;
  /** @type {Map<string, number>} */
  const self = new Map();
  let busyUs = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const delta = profile.timeDeltas[i + 1] ?? spacing;
    const us = delta <= 2 * spacing ? delta : spacing;
    const node = /** @type {Profiler.ProfileNode} */ (byId.get(profile.samples[i]));
    if (NOT_CPU.has(node.callFrame.functionName)) continue;
    busyUs += us;
    const name = nameOf(node);
    self.set(name, (self.get(name) ?? 0) + us);
  }
  const top = [...self].map(([name, selfUs]) => ({ name, selfUs })).sort((a, b) => b.selfUs - a.selfUs);
  return { busyUs, top };
}

/** @param {number[]} values */
function median(values) {
  return values.length === 0 ? undefined : [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
}
