// `npm run bench:profile -- <path> [articles] [seconds] [connections]`: a CPU profile of Herald's production
// bundle while autocannon loads one path (32 connections unless told), through workerd's inspector. Prints
// the functions with the most self time and writes bench/.build/profile.cpuprofile (open it in
// Chrome DevTools). For finding the cause of a missed budget. A path starting "edge:" loads the
// edge-mode worker in front of the stand-in WordPress origin instead; "{n}" in the path is a
// counter, so every request asks for a new URL (a cache miss each time).
import { writeFileSync } from "node:fs";
import autocannon from "autocannon";
import { importTextFile } from "../scripts/import.mjs";
import { ADMIN_TOKEN, BUILD_DIR, buildBundles, seedArticles, startRuntime } from "./lib/runtime.mjs";
import { pathOf } from "./lib/scenarios.mjs";

const [requested = "/feed.xml", articles = "1000", seconds = "5", connections = "32"] = process.argv.slice(2);
// BENCH_INSPECTOR_PORT: another port, for two profiles on one machine at once.
const INSPECTOR_PORT = Number(process.env.BENCH_INSPECTOR_PORT ?? 9230);
const edge = requested.startsWith("edge:");
const path = edge ? requested.slice("edge:".length) : requested;
const worker = edge ? "herald-edge" : "herald";

/** @import { Profiler } from "node:inspector" */

const { bundles } = await buildBundles();
const runtime = await startRuntime(bundles, { inspectorPort: INSPECTOR_PORT });
try {
  const slugs = await seedArticles(runtime.urls.harness, Number(articles));
  const demo = (await import("../scripts/demo-content.json", { with: { type: "json" } })).default[0];
  await importTextFile({ ...demo, url: runtime.urls.herald, token: ADMIN_TOKEN });
  // A card path without its version is followed to the versioned URL crawlers fetch.
  let target = path.replace("{slug}", slugs[1]);
  const base = edge ? runtime.urls.heraldEdge : runtime.urls.herald;
  const first = await fetch(`${base}${target}`, { redirect: "manual" });
  if (first.status === 302) target = pathOf(/** @type {string} */ (first.headers.get("location")));
  await fetch(`${base}${target}`).then((res) => res.arrayBuffer());

  const targets = /** @type {{ id?: string, title: string, webSocketDebuggerUrl: string }[]} */ (
    await (await fetch(`http://127.0.0.1:${INSPECTOR_PORT}/json`)).json()
  );
  const herald = targets.find((t) => t.title === worker || t.id?.includes(worker)) ?? targets[0];
  const socket = new WebSocket(herald.webSocketDebuggerUrl);
  await new Promise((resolve) => socket.addEventListener("open", resolve, { once: true }));
  let nextId = 0;
  /** @type {(method: string, params?: object) => Promise<unknown>} */
  const send = (method, params = {}) =>
    new Promise((resolve) => {
      const id = ++nextId;
      /** @param {MessageEvent<string>} event */
      const onMessage = (event) => {
        const message = JSON.parse(event.data);
        if (message.id === id) {
          socket.removeEventListener("message", onMessage);
          resolve(message.result);
        }
      };
      socket.addEventListener("message", onMessage);
      socket.send(JSON.stringify({ id, method, params }));
    });
  await send("Profiler.enable");
  await send("Profiler.setSamplingInterval", { interval: 100 });
  await send("Profiler.start");
  let n = 0;
  const load = await autocannon({
    url: `${base}${target}`,
    connections: Number(connections),
    duration: Number(seconds),
    requests: [{ setupRequest: (request) => ({ ...request, path: target.replaceAll("{n}", String(n++)) }) }],
  });
  // V8 always sends the samples, which the protocol leaves optional.
  const { profile } = /** @type {{ profile: Profiler.Profile & { samples: number[] } }} */ (await send("Profiler.stop"));
  socket.close();
  writeFileSync(`${BUILD_DIR}/profile.cpuprofile`, JSON.stringify(profile));

  /** @type {Map<string, number>} */
  const selfTime = new Map();
  const interval = (profile.endTime - profile.startTime) / profile.samples.length;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  for (const id of profile.samples) {
    // Every sample is the id of one of the profile's nodes.
    const { functionName, url, lineNumber } = /** @type {Profiler.ProfileNode} */ (byId.get(id)).callFrame;
    const name = `${functionName || "(anonymous)"} ${url.split("/").pop()}:${lineNumber + 1}`;
    selfTime.set(name, (selfTime.get(name) ?? 0) + interval);
  }
  const total = [...selfTime.values()].reduce((a, b) => a + b, 0);
  console.log(
    `${target}: ${Math.round(load.requests.total / load.duration)} req/s, p50 ${load.latency.p50} ms; ${(total / 1000).toFixed(0)} ms sampled`,
  );
  for (const [name, us] of [...selfTime].sort((a, b) => b[1] - a[1]).slice(0, 25)) {
    console.log(`${((100 * us) / total).toFixed(1).padStart(5)}%  ${name}`);
  }
} finally {
  await runtime.mf.dispose();
}
