import { env } from "cloudflare:workers";
import { afterEach, expect, it, vi } from "vitest";
import { appFetch, htmlArticleInput, TOKEN } from "../helpers";

// The publish queue as Miniflare runs it: the real producer binding, its delivery (delays
// honoured) to this Worker's queue handler, and its retries. The other publish tests hold the
// messages and deliver them themselves (tests/publish-queue.ts), which is faster and exact.

afterEach(() => {
  vi.restoreAllMocks();
});

it("delivers a write's WebSub ping through the real queue, and retries a hub that fails", async () => {
  const hits: { url: string; at: number }[] = [];
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input) => {
    const url = new Request(input).url;
    hits.push({ url, at: Date.now() });
    return new Response(null, { status: url.startsWith("https://failing-hub") ? 503 : 204 });
  });
  const bindings = { ...env, WEBSUB_HUBS: "https://live-hub.example/, https://failing-hub.example/" };
  const written = Date.now();
  const res = await appFetch("/api/articles/through-the-queue", {
    bindings,
    init: {
      method: "PUT",
      headers: { Authorization: `Bearer ${TOKEN}`, "Content-Type": "application/json" },
      body: JSON.stringify(htmlArticleInput({ title: "Through the queue" })),
    },
  });
  expect(res.status).toBe(201);
  expect(hits).toEqual([]);

  await vi.waitFor(() => expect(hits.filter((hit) => hit.url === "https://live-hub.example/")).toHaveLength(1), {
    timeout: 30_000,
    interval: 250,
  });
  // Sent after the purge has had time to reach every isolate's memory tier (PING_DELAY_SECONDS).
  expect((hits[0]?.at ?? 0) - written).toBeGreaterThanOrEqual(5_000);
  // The failing hub is tried again (PUBLISH_RETRY_SECONDS is 1 in the tests) and its failure recorded.
  await vi.waitFor(
    async () => {
      expect(hits.filter((hit) => hit.url === "https://failing-hub.example/").length).toBeGreaterThanOrEqual(2);
      const row = await env.DB.prepare("SELECT attempts, last_error FROM publish_failures WHERE kind = 'ping'").first<{
        attempts: number;
        last_error: string;
      }>();
      expect(row?.attempts).toBeGreaterThanOrEqual(2);
      expect(row?.last_error).toBe("Error: WebSub hub https://failing-hub.example/ answered 503 for 6 feed(s)");
    },
    { timeout: 30_000, interval: 250 },
  );
}, 60_000);
