import { env } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { HubPings } from "../../src/publish/hub-pings";
import { message } from "../../src/publish/jobs";
import { runJob } from "../../src/publish/run-job";
import { siteConfig } from "../../src/site/config";
import { deliverAll, HeldQueue } from "../publish-queue";

// Every WebSub ping's outcome is kept in hub_pings (migrations/0009), where the desk's
// publishing health shows it; keeping it never decides the ping's own outcome.

const TOPICS = ["https://news.example/feed.xml", "https://news.example/atom.xml"];

/** Recorded hub answers: 204 No Content from a working hub, 503 from one that is down. */
function hubs(answers: Record<string, () => Response>) {
  return vi.spyOn(globalThis, "fetch").mockImplementation(async (input) => {
    const url = new Request(input).url;
    const answer = answers[url];
    if (!answer) throw new TypeError(`no recorded answer for ${url}`);
    return answer();
  });
}

const pingRow = (hub: string) => env.DB.prepare("SELECT * FROM hub_pings WHERE hub = ?").bind(hub).first();

beforeEach(async () => {
  await env.DB.prepare("DELETE FROM hub_pings").run();
  await env.DB.prepare("DELETE FROM publish_failures").run();
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe("hub_pings", () => {
  it("records an accepted ping and a refused one from the queue's consumer; a failure keeps the last success", async () => {
    let downAnswer = 204;
    hubs({
      "https://hub.example/": () => new Response(null, { status: 204 }),
      "https://down-hub.example/": () => new Response(downAnswer === 204 ? null : "Service Unavailable", { status: downAnswer }),
    });
    const queue = new HeldQueue();
    const ping = (hub: string) => message({ kind: "ping", hub, topics: TOPICS });
    await queue.sendBatch([{ body: ping("https://hub.example/") }, { body: ping("https://down-hub.example/") }]);
    await deliverAll(queue, env);
    const firstOk = (await pingRow("https://down-hub.example/"))?.last_ok_at;
    expect(firstOk).toEqual(expect.any(String));

    downAnswer = 503;
    await queue.send(ping("https://down-hub.example/"));
    const delivery = await deliverAll(queue, env);
    // Refused every time: retried, then dead-lettered, as before the record was kept.
    expect(delivery.deadLettered).toBe(1);
    expect(await pingRow("https://hub.example/")).toMatchObject({ ok: 1, topics: 2, last_error: null });
    expect(await pingRow("https://down-hub.example/")).toMatchObject({
      ok: 0,
      topics: 2,
      last_error: "Error: WebSub hub https://down-hub.example/ answered 503 for 2 feed(s)",
      last_ok_at: firstOk,
    });
    const all = await new HubPings(env.DB).all();
    expect([...all.keys()].sort()).toEqual(["https://down-hub.example/", "https://hub.example/"]);
    expect(all.get("https://down-hub.example/")?.ok).toBe(false);
  });

  it("lets a ping succeed, and a failed one fail as it did, when the record cannot be kept", async () => {
    hubs({
      "https://hub.example/": () => new Response(null, { status: 204 }),
      "https://down-hub.example/": () => new Response(null, { status: 503 }),
    });
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    // D1 refusing hub_pings only (as before migration 0009 is applied): the table is not there.
    const db = new Proxy(env.DB, {
      get(target, key) {
        if (key === "prepare") {
          return (sql: string) => {
            if (sql.includes("hub_pings")) throw new Error("D1_ERROR: no such table: hub_pings");
            return target.prepare(sql);
          };
        }
        const value = Reflect.get(target, key);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    const deps = { db, cards: env.CARDS };
    const site = siteConfig(env);
    await expect(runJob(deps, site, { kind: "ping", hub: "https://hub.example/", topics: TOPICS })).resolves.toEqual([]);
    await expect(runJob(deps, site, { kind: "ping", hub: "https://down-hub.example/", topics: TOPICS })).rejects.toThrow("answered 503");
    expect(logged.mock.calls.map((call) => String(call[0]))).toEqual([
      "hub_pings: the ping to https://hub.example/ was not recorded",
      "hub_pings: the ping to https://down-hub.example/ was not recorded",
    ]);
    expect(await pingRow("https://hub.example/")).toBeNull();
  });
});
