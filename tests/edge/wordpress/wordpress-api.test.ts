import { applyD1Migrations, createExecutionContext, createScheduledController, reset, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createApp } from "../../../src/app/create-app";
import worker from "../../../src/index";
import { request, TOKEN } from "../../helpers";
import { articleRows, FakeWordPress, recorded, syncEnv, WP_ORIGIN } from "./fake-wordpress";

// POST /api/wordpress/sync (the publish hook) and the cron, through the real app and the
// Worker's real default export; WordPress is the recorded site behind a mocked global fetch.

beforeEach(async () => {
  await reset();
  await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
  vi.spyOn(console, "error").mockImplementation(() => {});
  vi.spyOn(console, "log").mockImplementation(() => {});
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** The hook's request through the app, with WP_ORIGIN set, once its background work is done. */
async function postSync(token: string | null = TOKEN, bindings = syncEnv()): Promise<Response> {
  const ctx = createExecutionContext();
  const headers: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {};
  const res = await createApp().fetch(new Request("https://herald.test/api/wordpress/sync", { method: "POST", headers }), bindings, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

function serve(wordpress: FakeWordPress) {
  return vi.spyOn(globalThis, "fetch").mockImplementation(wordpress.fetcher);
}

describe("POST /api/wordpress/sync", () => {
  it("needs the admin token: 401 without it, and WordPress is never asked", async () => {
    const fetchSpy = serve(new FakeWordPress());
    const res = await postSync(null);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: "unauthorized" });
    expect((await postSync("wrong-token-of-some-length")).status).toBe(401);
    expect(fetchSpy).not.toHaveBeenCalled();
    expect(await articleRows()).toEqual([]);
  });

  it("answers 409 with a clear JSON error when WP_ORIGIN is not set", async () => {
    const res = await request("/api/wordpress/sync", { method: "POST", headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(409);
    expect(res.headers.get("Cache-Control")).toBe("no-store");
    expect(await res.json()).toEqual({
      error: "WordPress sync is not configured",
      details: ["set WP_ORIGIN to the WordPress site's base URL, under which /wp-json/ lives"],
    });
  });

  it("runs a sync at once and answers its summary, uncached", async () => {
    const wordpress = new FakeWordPress();
    serve(wordpress);
    // The Free plan's limits: two changes per run.
    const res = await postSync();
    expect(res.status).toBe(200);
    expect(res.headers.get("Cache-Control")).toBe("no-store");
    expect(res.headers.get("Content-Type")).toMatch(/^application\/json/);
    expect(await res.json()).toEqual({ created: 2, updated: 0, unchanged: 0, failed: [], tombstoned: 0, more: true });
    expect(wordpress.requests.every((url) => url.origin === WP_ORIGIN && url.pathname === "/wp-json/wp/v2/posts")).toBe(true);
    expect(wordpress.requests[0]?.searchParams.get("per_page")).toBe("10");

    // On the Paid plan's limits one call catches up.
    const paid = await (await postSync(TOKEN, syncEnv({ WP_SYNC_PLAN: "paid" }))).json();
    expect(paid).toMatchObject({ created: 6, more: false, failed: [] });
    expect((await request("/articles/harbor-bridge-reopens")).status).toBe(200);
  });

  it("answers 409 while another run holds the sync", async () => {
    serve(new FakeWordPress());
    const until = new Date(Date.now() + 60_000).toISOString();
    await env.DB.prepare("INSERT INTO wordpress_sync (origin, lease_token, lease_until) VALUES (?, 'cron-run', ?)")
      .bind(WP_ORIGIN, until)
      .run();
    const res = await postSync();
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ error: "WordPress sync already running" });
    expect(await articleRows()).toEqual([]);
  });

  it("answers 502 with the summary and the reason when WordPress fails", async () => {
    const wordpress = new FakeWordPress();
    wordpress.failWhen(
      () => true,
      () => new Response(recorded.criticalError, { headers: { "Content-Type": "text/html; charset=UTF-8" } }),
    );
    serve(wordpress);
    const res = await postSync();
    expect(res.status).toBe(502);
    expect(res.headers.get("Cache-Control")).toBe("no-store");
    expect(await res.json()).toMatchObject({
      created: 0,
      error: expect.stringContaining("answered 200 with an HTML page instead of JSON"),
    });
  });
});

describe("the scheduled handler", () => {
  it("runs a sync through the Worker's default export when WP_ORIGIN is set", async () => {
    const wordpress = new FakeWordPress();
    serve(wordpress);
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ cron: "*/5 * * * *" }), syncEnv({ WP_SYNC_PLAN: "paid" }), ctx);
    await waitOnExecutionContext(ctx);
    expect((await articleRows()).length).toBe(8);
    expect(wordpress.requests.length).toBeGreaterThan(0);
    expect((await request("/articles/iraqi-prime-minister-survives-drone-attack")).status).toBe(200);
  });

  it("does nothing without WP_ORIGIN", async () => {
    const fetchSpy = vi.spyOn(globalThis, "fetch");
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ cron: "*/5 * * * *" }), env, ctx);
    await waitOnExecutionContext(ctx);
    expect(fetchSpy).not.toHaveBeenCalled();
    expect(await articleRows()).toEqual([]);
    expect((await env.DB.prepare("SELECT count(*) AS n FROM wordpress_sync").first<{ n: number }>())?.n).toBe(0);
  });
});
