import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { type AppDeps, createApp } from "../../src/app/create-app";
import type { CardFailure } from "../../src/cards/card-failure";
import { failingD1, failingR2, type R2Operation } from "../faults";
import { adminWriteAndSettle, appFetch, currentCardPath, htmlArticleInput } from "../helpers";
import { deliverAll, HeldQueue } from "../publish-queue";

// Cards while R2, the renderer or D1 fail: a crawler always gets an image (200), never a 5xx,
// and only a card kept in R2 is marked immutable. Failures reach the onCardFailure hook.

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const IMMUTABLE = "public, max-age=31536000, immutable";

interface Setup {
  r2Failing?: R2Operation[];
  d1Down?: boolean;
  render?: NonNullable<AppDeps["cards"]>["render"];
}

/** A card request through the app with the given faults; returns the answer and what the hook heard. */
async function fetchCard(path: string, setup: Setup = {}): Promise<{ res: Response; bytes: Uint8Array; failures: CardFailure[] }> {
  const failures: CardFailure[] = [];
  const bindings = {
    ...env,
    CARDS: setup.r2Failing ? failingR2(env.CARDS, setup.r2Failing) : env.CARDS,
    DB: setup.d1Down ? failingD1(env.DB, "throw") : env.DB,
  };
  const ctx = createExecutionContext();
  const app = createApp({ cards: { render: setup.render, onCardFailure: (failure) => void failures.push(failure) } });
  const res = await app.fetch(new Request(`https://herald.test${path}`), bindings, ctx);
  const bytes = new Uint8Array(await res.arrayBuffer());
  await waitOnExecutionContext(ctx);
  return { res, bytes, failures };
}

/** A published article whose card is not in R2 (publishing pre-rendered it; that copy is removed). */
async function articleWithoutStoredCard(slug: string): Promise<{ id: string; path: string }> {
  const res = await adminWriteAndSettle("PUT", slug, htmlArticleInput({ title: `Card of ${slug}` }));
  const id = (await res.json<{ article: { id: string } }>()).article.id;
  const stored = await env.CARDS.list({ prefix: `articles/${id}/` });
  await env.CARDS.delete(stored.objects.map((object) => object.key));
  return { id, path: await currentCardPath(slug) };
}

function expectImage(bytes: Uint8Array): void {
  expect([...bytes.slice(0, 8)]).toEqual(PNG_SIGNATURE);
  expect(bytes.byteLength).toBeGreaterThan(1000);
}

describe("cards while storage or the renderer fail", () => {
  it("R2 failing to give and to take: the card is drawn and served, not immutable, and reported", async () => {
    const { id, path } = await articleWithoutStoredCard("card-r2-down");
    const { res, bytes, failures } = await fetchCard(path, { r2Failing: ["get", "put"] });
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("image/png");
    expect(res.headers.get("Cache-Control")).toBe("public, max-age=60");
    expect(res.headers.get("X-Herald-Card")).toBeNull();
    expectImage(bytes);
    expect(failures).toEqual([expect.objectContaining({ slug: "card-r2-down", frame: "og", reason: "not-stored" })]);
    expect((await env.CARDS.list({ prefix: `articles/${id}/` })).objects).toEqual([]);
  });

  it("R2 failing only to take it: the same short-lived card", async () => {
    const { path } = await articleWithoutStoredCard("card-r2-put-down");
    const { res, bytes, failures } = await fetchCard(path, { r2Failing: ["put"] });
    expect(res.status).toBe(200);
    expect(res.headers.get("Cache-Control")).toBe("public, max-age=60");
    expectImage(bytes);
    expect(failures.map((failure) => failure.reason)).toEqual(["not-stored"]);
  });

  it("R2 failing only to give it: the card is drawn again and stored, so it is the immutable card", async () => {
    const { id, path } = await articleWithoutStoredCard("card-r2-get-down");
    const { res, bytes, failures } = await fetchCard(path, { r2Failing: ["get"] });
    expect(res.status).toBe(200);
    expect(res.headers.get("Cache-Control")).toBe(IMMUTABLE);
    expectImage(bytes);
    expect(failures).toEqual([]);
    expect((await env.CARDS.list({ prefix: `articles/${id}/` })).objects).toHaveLength(1);
  });

  it("the renderer failing: the fallback card, short-lived, and reported", async () => {
    const { path } = await articleWithoutStoredCard("card-render-fails");
    const failing = async () => {
      throw new Error("resvg: out of memory");
    };
    const { res, bytes, failures } = await fetchCard(path, { render: failing });
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("image/png");
    expect(res.headers.get("X-Herald-Card")).toBe("fallback");
    expect(res.headers.get("Cache-Control")).toBe("public, max-age=60");
    expectImage(bytes);
    expect(failures).toEqual([expect.objectContaining({ slug: "card-render-fails", reason: "render-failed", error: expect.any(Error) })]);
    // Nothing was kept: the next request with a working renderer draws the real card.
    const next = await fetchCard(path);
    expect(next.res.headers.get("Cache-Control")).toBe(IMMUTABLE);
  });

  it("R2 and the renderer failing together: still an image (the last-resort card)", async () => {
    const { path } = await articleWithoutStoredCard("card-everything-fails");
    const failing = async () => {
      throw new Error("satori: font missing");
    };
    const { res, bytes } = await fetchCard(path, { r2Failing: ["get", "put"], render: failing });
    expect(res.status).toBe(200);
    expect(res.headers.get("X-Herald-Card")).toBe("fallback");
    expectImage(bytes);
  });

  it("D1 down: a card never served is the fallback card (an image, not a 503), reported", async () => {
    const { path } = await articleWithoutStoredCard("card-d1-down");
    const { res, bytes, failures } = await fetchCard(path, { d1Down: true });
    expect(res.status).toBe(200);
    expect(res.headers.get("X-Herald-Card")).toBe("fallback");
    expect(res.headers.get("Cache-Control")).toBe("public, max-age=60");
    expectImage(bytes);
    expect(failures.map((failure) => failure.reason)).toEqual(["storage-unavailable"]);
  });

  it("D1 down: a card served before is still the real, immutable card", async () => {
    const { path } = await articleWithoutStoredCard("card-d1-down-seen");
    const first = await fetchCard(path);
    expect(first.res.headers.get("Cache-Control")).toBe(IMMUTABLE);
    const { res, bytes } = await fetchCard(path, { d1Down: true });
    expect(res.status).toBe(200);
    expect(res.headers.get("Cache-Control")).toBe(IMMUTABLE);
    expect(bytes).toEqual(first.bytes);
  });
});

describe("a card that failed is drawn again from the publish queue", () => {
  it("queues one render for a card R2 would not keep, and the queue stores it once R2 is back", async () => {
    const { id, path } = await articleWithoutStoredCard("card-retried");
    const queue = new HeldQueue();
    const bindings = { ...env, CARDS: failingR2(env.CARDS, ["put"]), PUBLISH_QUEUE: queue as unknown as Queue };
    // The app's own hook (publish/card-retry.ts), not a test's: two crawlers, one job.
    for (let i = 0; i < 2; i++) {
      const res = await appFetch(path, { bindings });
      expect(res.status).toBe(200);
      expect(res.headers.get("Cache-Control")).toBe("public, max-age=60");
    }
    expect(queue.bodies()).toEqual([expect.objectContaining({ kind: "render-card", slug: "card-retried" })]);

    // R2 still refusing: the job fails and is retried; then R2 takes it.
    const stillDown = await deliverAll(queue, bindings).catch((err: unknown) => err);
    expect(stillDown).toMatchObject({ deadLettered: 1 });
    const row = await env.DB.prepare("SELECT last_error FROM publish_failures WHERE kind = 'render-card'").first<{ last_error: string }>();
    expect(row?.last_error).toBe("Error: card for card-retried drawn but R2 did not store it");

    await queue.send({ kind: "render-card", slug: "card-retried", jobId: "again" });
    await deliverAll(queue, { ...env, PUBLISH_QUEUE: queue as unknown as Queue });
    expect((await env.CARDS.list({ prefix: `articles/${id}/` })).objects.map((object) => object.key)).toEqual([
      expect.stringMatching(/\.og\.png$/),
    ]);
  });
});
