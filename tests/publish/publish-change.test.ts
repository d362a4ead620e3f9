import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createApp } from "../../src/app/create-app";
import { adminApi, adminWriteAndSettle, htmlArticleInput, seedArticleInput } from "../helpers";

// What an article change sets off (publish/publish-change.ts), seen from outside: purged
// feeds, WebSub pings, Last-Modified.

beforeAll(async () => {
  expect((await adminApi("PUT", "/iraqi-prime-minister-survives-drone-attack", seedArticleInput())).status).toBe(201);
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe("publishing", () => {
  const hubsEnv = { ...env, WEBSUB_HUBS: "https://hub.example/, https://broken-hub.example/" };

  const write = (method: string, slug: string, body?: unknown) => adminWriteAndSettle(method, slug, body, hubsEnv);

  async function siteFeed(path = "/feed.xml") {
    const ctx = createExecutionContext();
    const res = await createApp().fetch(new Request(`https://herald.test${path}`), hubsEnv, ctx);
    await waitOnExecutionContext(ctx);
    return res;
  }

  it("purges the cached feeds an article appears in when it is created, edited or deleted", async () => {
    vi.spyOn(globalThis, "fetch").mockImplementation(async () => new Response(null, { status: 204 }));
    const before = await (await siteFeed()).text();
    expect(before).not.toContain("Breaking: purge test");
    // Served from the edge cache now: identical bytes.
    expect(await (await siteFeed()).text()).toBe(before);

    expect(
      (await write("PUT", "purge-test", htmlArticleInput({ title: "Breaking: purge test", publishedAt: "2026-03-01", section: "World" })))
        .status,
    ).toBe(201);
    expect(await (await siteFeed()).text()).toContain("Breaking: purge test");
    await siteFeed("/categories/world/atom.xml");

    expect(
      (
        await write(
          "PUT",
          "purge-test",
          htmlArticleInput({ title: "Breaking: purge test, edited", publishedAt: "2026-03-01", section: "World" }),
        )
      ).status,
    ).toBe(200);
    expect(await (await siteFeed()).text()).toContain("Breaking: purge test, edited");
    expect(await (await siteFeed("/categories/world/atom.xml")).text()).toContain("Breaking: purge test, edited");

    expect((await write("DELETE", "purge-test")).status).toBe(200);
    expect(await (await siteFeed()).text()).not.toContain("Breaking: purge test");
  });

  it("pings every hub for every affected feed, and a failing hub never fails the write", async () => {
    const pings: { hub: string; body: string }[] = [];
    vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
      const hub = String(input);
      pings.push({ hub, body: String(init?.body) });
      // Recorded answers: a WebSub hub acknowledges a publish ping with 204 No Content;
      // the broken one fails the way an unreachable host does.
      if (hub.startsWith("https://broken-hub.example")) throw new TypeError("Network connection lost.");
      return new Response(null, { status: 204 });
    });
    const res = await write(
      "PUT",
      "websub-test",
      htmlArticleInput({ authors: ["Ping Author"], section: "Pings", publishedAt: "2026-03-02" }),
    );
    expect(res.status).toBe(201);

    const topics = [
      "https://news.example/feed.xml",
      "https://news.example/atom.xml",
      "https://news.example/feed.json",
      "https://news.example/authors/ping-author/feed.xml",
      "https://news.example/authors/ping-author/atom.xml",
      "https://news.example/authors/ping-author/feed.json",
      "https://news.example/categories/pings/feed.xml",
      "https://news.example/categories/pings/atom.xml",
      "https://news.example/categories/pings/feed.json",
    ];
    // One POST per hub naming every changed feed (hub.url repeated); the broken hub is tried
    // again from the queue, six times in all (tests/publish/publish-queue.test.ts follows it).
    for (const [hub, tries] of [
      ["https://hub.example/", 1],
      ["https://broken-hub.example/", 6],
    ] as const) {
      const sent = pings.filter((p) => p.hub === hub).map((p) => new URLSearchParams(p.body));
      expect(sent).toHaveLength(tries);
      for (const ping of sent) {
        expect(ping.get("hub.mode")).toBe("publish");
        expect(ping.getAll("hub.url").sort()).toEqual([...topics].sort());
      }
    }

    // The feeds advertise the hubs too.
    const feed = await siteFeed();
    expect(feed.headers.get("Link")).toBe(
      '<https://hub.example/>; rel="hub", <https://broken-hub.example/>; rel="hub", <https://news.example/feed.xml>; rel="self"',
    );
  });

  it("moves Last-Modified forward for a feed an article leaves, so If-Modified-Since never hides the change", async () => {
    vi.spyOn(globalThis, "fetch").mockImplementation(async () => new Response(null, { status: 204 }));
    await write("PUT", "moving-article", htmlArticleInput({ authors: ["Ann Mover"], publishedAt: "2026-04-01" }));
    await write("PUT", "ann-stays", htmlArticleInput({ authors: ["Ann Mover"], publishedAt: "2026-03-30" }));
    const before = await siteFeed("/authors/ann-mover/feed.xml");
    const lastModified = before.headers.get("Last-Modified") ?? "";
    // The move happens a minute later (HTTP dates have one-second precision).
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 60_000 });
    await write("PUT", "moving-article", htmlArticleInput({ authors: ["Bob Mover"], publishedAt: "2026-04-01" }));
    vi.useRealTimers();

    const after = await siteFeed("/authors/ann-mover/feed.xml");
    expect(Date.parse(after.headers.get("Last-Modified") ?? "")).toBeGreaterThan(Date.parse(lastModified));
    const revalidated = await siteFeed("/authors/ann-mover/feed.xml");
    expect(revalidated.status).toBe(200);
    const conditional = await createApp().fetch(
      new Request("https://herald.test/authors/ann-mover/feed.xml", { headers: { "If-Modified-Since": lastModified } }),
      hubsEnv,
      createExecutionContext(),
    );
    expect(conditional.status).toBe(200);
    expect(await conditional.text()).not.toContain("/articles/moving-article");
  });

  it("does not ping for drafts or for writes that change nothing", async () => {
    const pings: string[] = [];
    vi.spyOn(globalThis, "fetch").mockImplementation(async (input) => {
      pings.push(String(input));
      return new Response(null, { status: 204 });
    });
    await write("PUT", "quiet-draft", htmlArticleInput({ status: "draft" }));
    expect(pings).toEqual([]);
    await write("PUT", "quiet-published", htmlArticleInput());
    const count = pings.length;
    expect(count).toBeGreaterThan(0);
    await write("PUT", "quiet-published", htmlArticleInput());
    expect(pings.length).toBe(count);
  });
});
