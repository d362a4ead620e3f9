import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createApp } from "../../src/app/create-app";
import { articleCardVersion } from "../../src/cards/cards";
import { isPublishMessage } from "../../src/publish/jobs";
import { siteConfig } from "../../src/site/config";
import purgeRateLimited from "../fixtures/cloudflare/purge-rate-limited.json?raw";
import purgeSuccess from "../fixtures/cloudflare/purge-success.json?raw";
import { adminInit, appFetch, htmlArticleInput } from "../helpers";
import { deliverAll, HeldQueue } from "../publish-queue";

// The publish queue (src/publish/): what a write enqueues, how the consumer retries, where a
// job goes after its last try, and the purge through Cloudflare's API.

const ZONE = "0123456789abcdef0123456789abcdef";
const PURGE_API = `https://api.cloudflare.com/client/v4/zones/${ZONE}/purge_cache`;

let queue: HeldQueue;
beforeEach(async () => {
  queue = new HeldQueue();
  await env.DB.prepare("DELETE FROM publish_failures").run();
});
afterEach(() => {
  vi.restoreAllMocks();
});

function bindings(overrides: Partial<Cloudflare.Env> = {}): Cloudflare.Env {
  return { ...env, PUBLISH_QUEUE: queue as unknown as Queue, ...overrides };
}

/** A request through the app with its own context; returns once its waitUntil work is done (jobs stay held). */
function call(method: string, path: string, body: unknown, given: Cloudflare.Env): Promise<Response> {
  return appFetch(path, { bindings: given, init: adminInit(method, body) });
}

const put = (slug: string, body: unknown, given: Cloudflare.Env) => call("PUT", `/api/articles/${slug}`, body, given);

interface Hit {
  url: string;
  body: string;
  authorization: string | null;
}

/** Answers outgoing requests: hubs and Cloudflare's API, each by a function of the try. */
function outside(answer: (hit: Hit, tries: number) => Response | Promise<Response>): Hit[] {
  const hits: Hit[] = [];
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const request = new Request(input, init);
    const hit = { url: request.url, body: await request.text(), authorization: request.headers.get("Authorization") };
    hits.push(hit);
    return answer(hit, hits.filter((h) => h.url === hit.url).length);
  });
  return hits;
}

const purgeAnswer = (body: string, status: number) => new Response(body, { status, headers: { "Content-Type": "application/json" } });

describe("what a write enqueues", () => {
  it("queues the card and one delayed ping per hub, and answers before any of it runs", async () => {
    const hits = outside(() => new Response(null, { status: 204 }));
    const given = bindings({ WEBSUB_HUBS: "https://hub.example/, https://other-hub.example/" });
    const res = await put("queued-story", htmlArticleInput({ section: "Queues" }), given);
    expect(res.status).toBe(201);
    // Nothing outside was reached by the write itself.
    expect(hits).toEqual([]);
    const jobs = queue.bodies();
    expect(jobs.every(isPublishMessage)).toBe(true);
    expect(jobs.map((job) => job.kind).sort()).toEqual(["ping", "ping", "render-card"]);
    expect(jobs.filter((job) => job.kind === "ping").map((job) => job.hub)).toEqual(["https://hub.example/", "https://other-hub.example/"]);
    // Pings wait for other isolates' in-memory copies of the feeds to expire (5 s).
    expect(queue.held.filter((m) => (m.body as { kind: string }).kind === "ping").map((m) => m.delaySeconds)).toEqual([6, 6]);
    expect(new Set(jobs.map((job) => job.jobId)).size).toBe(jobs.length);

    const delivery = await deliverAll(queue, given);
    expect(delivery).toMatchObject({ deliveries: 3, retryDelays: [], deadLettered: 0 });
    expect(hits.map((hit) => hit.url).sort()).toEqual(["https://hub.example/", "https://other-hub.example/"]);
    // The card job drew the share card into R2.
    const article = (await (await call("GET", "/api/articles/queued-story", undefined, given)).json()) as {
      id: string;
      contentHash: string;
    };
    const version = await articleCardVersion(article, siteConfig(given));
    expect(await env.CARDS.head(`articles/${article.id}/${version}.og.png`)).not.toBeNull();
  });

  it("queues nothing for a draft but its card-less bookkeeping, and nothing for an unchanged write", async () => {
    const given = bindings({ WEBSUB_HUBS: "https://hub.example/" });
    await put("queued-draft", htmlArticleInput({ status: "draft" }), given);
    expect(queue.bodies()).toEqual([]);
    await put("queued-twice", htmlArticleInput(), given);
    queue.held = [];
    await put("queued-twice", htmlArticleInput(), given);
    expect(queue.bodies()).toEqual([]);
  });

  it("purges at most 20 keys (40 Cache API deletes) in the write and queues the rest (an article in 66 feeds)", async () => {
    const authors = Array.from({ length: 20 }, (_, i) => `Crowd Author ${i + 1}`);
    const given = bindings();
    await put("crowded", htmlArticleInput({ authors, section: "Crowds", title: "Crowded, first" }), given);
    const lastAuthorFeed = "/authors/crowd-author-20/feed.json";
    const first = await call("GET", lastAuthorFeed, undefined, given);
    expect(await first.text()).toContain("Crowded, first");
    queue.held = [];

    const deletes = vi.spyOn(caches.default, "delete");
    await put("crowded", htmlArticleInput({ authors, section: "Crowds", title: "Crowded, second" }), given);
    expect(deletes.mock.calls.length).toBeLessThanOrEqual(40);
    const purges = queue.bodies<{ kind: string; urls: string[] }>().filter((job) => job.kind === "purge");
    // 3 site + 60 author + 3 section feeds; the page, the home page, 20 author and 1 category
    // listings; 4 old cards; less the 20 purged at once, in jobs of at most 20 keys each (41
    // subrequests: one invocation's worth on Workers Free).
    expect(purges.map((job) => job.urls.length)).toEqual([20, 20, 20, 13]);
    expect(purges.flatMap((job) => job.urls)).toContain(`https://news.example${lastAuthorFeed}`);

    const delivery = await deliverAll(queue, given);
    // Every key and its stale copy; the jobs that did not fit one invocation's subrequests were
    // sent again for a later batch, not retried (which would have spent their tries).
    expect(deletes.mock.calls.length).toBe(2 * 93);
    expect(delivery.retryDelays).toEqual([]);
    expect(delivery.deliveries).toBeGreaterThan(5);
    expect(await (await call("GET", lastAuthorFeed, undefined, given)).text()).toContain("Crowded, second");
  });
});

describe("retries and the dead-letter queue", () => {
  it("retries a failing hub with growing delays, dead-letters it after six tries, and lists it", async () => {
    const hits = outside((hit) =>
      hit.url.startsWith("https://down-hub")
        ? new Response("<h1>502 Bad Gateway</h1>", { status: 502 })
        : new Response(null, { status: 204 }),
    );
    const given = bindings({ WEBSUB_HUBS: "https://down-hub.example/, https://hub.example/" });
    expect((await put("hub-down", htmlArticleInput(), given)).status).toBe(201);
    const delivery = await deliverAll(queue, given);

    expect(hits.filter((hit) => hit.url === "https://down-hub.example/")).toHaveLength(6);
    expect(hits.filter((hit) => hit.url === "https://hub.example/")).toHaveLength(1);
    // PUBLISH_RETRY_SECONDS is 1 in the tests: 1, 3, 9, 27, 81, then the last try's retry hands it on.
    expect(delivery.retryDelays).toEqual([1, 3, 9, 27, 81, 243]);
    expect(delivery.deadLettered).toBe(1);

    const list = await call("GET", "/api/publish/failures", undefined, given);
    expect(list.status).toBe(200);
    expect(list.headers.get("Cache-Control")).toBe("no-store");
    const listed = (await list.json()) as { retrying: number; deadLettered: number; failures: Record<string, unknown>[] };
    expect(listed).toMatchObject({ retrying: 0, deadLettered: 1 });
    expect(listed.failures).toHaveLength(1);
    expect(listed.failures[0]).toMatchObject({
      kind: "ping",
      attempts: 6,
      lastError: "Error: WebSub hub https://down-hub.example/ answered 502 for 6 feed(s)",
      job: { kind: "ping", hub: "https://down-hub.example/", topics: expect.arrayContaining(["https://news.example/feed.xml"]) },
    });
    expect(listed.failures[0]?.deadLetteredAt).toEqual(expect.any(String));

    const health = await call("GET", "/healthz", undefined, given);
    expect(await health.json()).toMatchObject({
      status: "degraded",
      publish: { queue: "bound", retrying: 0, deadLettered: 1, globalPurge: false },
    });

    // Sent again once the hub is back: a fresh job with fresh tries, and the failure is gone.
    vi.restoreAllMocks();
    const again = outside(() => new Response(null, { status: 204 }));
    const jobId = String(listed.failures[0]?.jobId);
    const retried = await call("POST", `/api/publish/failures/${jobId}/retry`, undefined, given);
    expect(retried.status).toBe(202);
    expect(await retried.json()).toMatchObject({ retried: jobId, jobId: expect.any(String) });
    await deliverAll(queue, given);
    expect(again.map((hit) => hit.url)).toEqual(["https://down-hub.example/"]);
    expect(await (await call("GET", "/healthz", undefined, given)).json()).toMatchObject({ status: "ok", publish: { deadLettered: 0 } });
    expect((await call("POST", `/api/publish/failures/${jobId}/retry`, undefined, given)).status).toBe(404);
  });

  it("forgets a failure once a retry succeeds", async () => {
    const hits = outside((_hit, tries) => (tries < 3 ? new Response(null, { status: 503 }) : new Response(null, { status: 204 })));
    const given = bindings({ WEBSUB_HUBS: "https://flaky-hub.example/" });
    await put("hub-flaky", htmlArticleInput(), given);
    const delivery = await deliverAll(queue, given);
    expect(hits).toHaveLength(3);
    expect(delivery).toMatchObject({ retryDelays: [1, 3], deadLettered: 0 });
    const listed = (await (await call("GET", "/api/publish/failures", undefined, given)).json()) as { failures: unknown[] };
    expect(listed.failures).toEqual([]);
  });

  it("guards the failures API with the admin token and answers unknown ids and bad queries clearly", async () => {
    const given = bindings();
    const anonymous = await createApp().fetch(new Request("https://herald.test/api/publish/failures"), given, createExecutionContext());
    expect(anonymous.status).toBe(401);
    const unknown = await call("DELETE", "/api/publish/failures/no-such-job", undefined, given);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ error: "publish job not found", details: ["no failed publish job has the id no-such-job"] });
    const bad = await call("GET", "/api/publish/failures?limit=0", undefined, given);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: "invalid query", details: ["limit must be at least 1"] });
  });

  it("keeps a failure listed when the queue cannot take it again", async () => {
    await env.DB.prepare(
      `INSERT INTO publish_failures (job_id, kind, job, attempts, last_error, first_failed_at, last_failed_at, dead_lettered_at)
       VALUES ('stuck', 'ping', '{"kind":"ping","hub":"https://hub.example/","topics":["https://news.example/feed.xml"]}', 6, 'Error: 503', '2026-12-01T00:00:00Z', '2026-12-01T00:20:00Z', '2026-12-01T00:20:01Z')`,
    ).run();
    const res = await call("POST", "/api/publish/failures/stuck/retry", undefined, { ...env, PUBLISH_QUEUE: undefined });
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({
      error: "publish queue unavailable",
      details: ["the job was not sent again and is still listed; try later"],
    });
    expect(await env.DB.prepare("SELECT job_id FROM publish_failures").all()).toMatchObject({ results: [{ job_id: "stuck" }] });
  });

  it("drops a message that is no job instead of retrying it forever", async () => {
    await queue.send({ kind: "reindex-everything", jobId: "x" });
    await queue.send("not even an object");
    const delivery = await deliverAll(queue, bindings());
    expect(delivery).toMatchObject({ deliveries: 2, retryDelays: [], deadLettered: 0 });
  });
});

describe("global purge through Cloudflare's API", () => {
  const zoneEnv = () => bindings({ PURGE_ZONE_ID: ZONE, PURGE_API_TOKEN: "purge-token-0123", WEBSUB_HUBS: "https://hub.example/" });

  it("purges every URL of the change in every data centre, then pings", async () => {
    const hits = outside((hit) => (hit.url === PURGE_API ? purgeAnswer(purgeSuccess, 200) : new Response(null, { status: 204 })));
    const given = zoneEnv();
    await put("zone-story", htmlArticleInput({ section: "Zones" }), given);
    // The ping waits for the purge: it is the purge job's follow-up, not queued by the write.
    expect(
      queue
        .bodies()
        .map((job) => job.kind)
        .sort(),
    ).toEqual(["purge", "render-card"]);
    await deliverAll(queue, given);

    expect(hits.map((hit) => hit.url)).toEqual([PURGE_API, "https://hub.example/"]);
    expect(hits[0]?.authorization).toBe("Bearer purge-token-0123");
    const { files } = JSON.parse(hits[0]?.body ?? "{}") as { files: string[] };
    expect(files).toEqual(
      expect.arrayContaining([
        "https://news.example/articles/zone-story",
        "https://news.example/",
        "https://news.example/feed.xml",
        "https://news.example/categories/zones/feed.json",
      ]),
    );
    expect(files.every((url) => url.startsWith("https://news.example/"))).toBe(true);
    const health = await call("GET", "/healthz", undefined, given);
    expect(await health.json()).toMatchObject({ publish: { globalPurge: true } });
  });

  it("merges the purges of one batch into one call of at most 100 URLs", async () => {
    const hits = outside(() => purgeAnswer(purgeSuccess, 200));
    const given = bindings({ PURGE_ZONE_ID: ZONE, PURGE_API_TOKEN: "purge-token-0123" });
    for (const slug of ["zone-batch-1", "zone-batch-2", "zone-batch-3"]) await put(slug, htmlArticleInput({ section: "Zones" }), given);
    await deliverAll(queue, given);
    const calls = hits.filter((hit) => hit.url === PURGE_API);
    expect(calls).toHaveLength(1);
    const { files } = JSON.parse(calls[0]?.body ?? "{}") as { files: string[] };
    expect(files).toContain("https://news.example/articles/zone-batch-3");
    expect(new Set(files).size).toBe(files.length);
  });

  it("packs whole jobs into calls of 100 URLs, and a failed call retries only its own jobs", async () => {
    const hits = outside((_hit, tries) => (tries === 2 ? purgeAnswer(purgeRateLimited, 429) : purgeAnswer(purgeSuccess, 200)));
    const given = bindings({ PURGE_ZONE_ID: ZONE, PURGE_API_TOKEN: "purge-token-0123" });
    for (let i = 1; i <= 5; i++) await put(`zone-pack-${i}`, htmlArticleInput({ section: "Packs" }), given);
    const delivery = await deliverAll(queue, given);
    const calls = hits.map((hit) => (JSON.parse(hit.body) as { files: string[] }).files);
    // Each job's URLs with their stale copies, never split across calls, at most 100 a call.
    expect(calls.every((files) => files.length <= 100)).toBe(true);
    const pageCalls = (slug: string) => calls.filter((files) => files.includes(`https://news.example/articles/${slug}`)).length;
    // The second call failed once: its jobs (and only they) were tried again, and succeeded.
    const retried = [1, 2, 3, 4, 5].filter((i) => pageCalls(`zone-pack-${i}`) === 2);
    expect(retried.length).toBeGreaterThan(0);
    expect(retried.length).toBeLessThan(5);
    expect(delivery.retryDelays).toEqual(retried.map(() => 1));
  });

  it("retries a rate-limited purge, and lets the pings go when the purge is given up", async () => {
    const hits = outside((hit) => (hit.url === PURGE_API ? purgeAnswer(purgeRateLimited, 429) : new Response(null, { status: 204 })));
    const given = zoneEnv();
    await put("zone-limited", htmlArticleInput(), given);
    const delivery = await deliverAll(queue, given);
    expect(hits.filter((hit) => hit.url === PURGE_API)).toHaveLength(6);
    // The hub hears of the change late rather than never.
    expect(hits.filter((hit) => hit.url === "https://hub.example/")).toHaveLength(1);
    expect(delivery.deadLettered).toBe(1);
    const listed = (await (await call("GET", "/api/publish/failures", undefined, given)).json()) as {
      failures: { kind: string; lastError: string }[];
    };
    expect(listed.failures).toEqual([
      expect.objectContaining({
        kind: "purge",
        lastError: expect.stringContaining("Cloudflare purge API answered 429: 971 Please wait and consider throttling your request speed"),
      }),
    ]);
  });
});
