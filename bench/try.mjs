import autocannon from "autocannon";
import { buildBundles, startRuntime, seedArticles } from "./lib/runtime.mjs";
const { bundles } = await buildBundles();
const rt = await startRuntime(bundles);
const slugs = await seedArticles(rt.urls.harness, 20);
const h = rt.urls.herald;
const loc = (await fetch(`${h}/cards/${slugs[3]}.png`, { redirect: "manual" })).headers.get("location");
const path = new URL(loc).pathname + new URL(loc).search;
const r = await fetch(h + path); await r.arrayBuffer(); console.log([...r.headers]);
const p = await fetch(h + "/articles/" + slugs[3]); await p.arrayBuffer(); console.log([...p.headers].map(x => x[0]));
const etag = r.headers.get("etag");
for (const [name, url, c, headers, method] of [["card", h + path, 1, {}], ["page", h + "/articles/" + slugs[3], 1, {}], ["page?q", h + "/articles/" + slugs[3] + "?v=abc", 1, {}], ["card", h + path, 1, {}], ["card-gzip", h + path, 1, {"accept-encoding": "gzip"}], ["page-gzip", h + "/articles/" + slugs[3], 1, {"accept-encoding": "gzip"}]]) {
  const a = await autocannon({ url, connections: c, duration: 2, headers, method: method ?? "GET" });
  console.log(name, c, Math.round(a.requests.total / a.duration), a.latency.p50);
}
await rt.mf.dispose();
