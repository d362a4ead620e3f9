import { describe, expect, it } from "vitest";
import { HotCache, type HotEntry, useMemoryTiers } from "../../src/http/hot-cache";

const entry = (bytes: number, cacheControl = "public, max-age=60"): HotEntry => ({
  status: 200,
  headers: [["Cache-Control", cacheControl]],
  body: new Uint8Array(bytes),
});

function cacheWithClock(maxBytes = 1000) {
  const clock = { now: 0 };
  const cache = new HotCache({ maxBytes, ttlMs: 5_000, immutableTtlMs: 3_600_000, now: () => clock.now });
  return { cache, clock };
}

describe("the in-memory response tier", () => {
  it("keeps a changing response for its short lifetime and an immutable one far longer", () => {
    const { cache, clock } = cacheWithClock();
    cache.set("feed", entry(10));
    cache.set("card", entry(10, "public, max-age=31536000, immutable"));
    clock.now = 4_999;
    expect(cache.get("feed")?.body.byteLength).toBe(10);
    clock.now = 5_000;
    expect(cache.get("feed")).toBeUndefined();
    expect(cache.get("card")).toBeDefined();
    clock.now = 3_600_000;
    expect(cache.get("card")).toBeUndefined();
    expect(cache.size).toEqual({ entries: 0, bytes: 0 });
  });

  it("stays within its byte limit, dropping the least recently used first", () => {
    const { cache } = cacheWithClock(800);
    const keys = ["a", "b", "c", "d", "e", "f", "g", "h"];
    for (const key of keys) cache.set(key, entry(100));
    cache.get("a"); // a is now the most recently used, b the least
    cache.set("i", entry(100));
    expect(cache.get("b")).toBeUndefined();
    expect([...keys.filter((key) => key !== "b"), "i"].every((key) => cache.get(key) !== undefined)).toBe(true);
    expect(cache.size).toEqual({ entries: 8, bytes: 800 });
  });

  it("does not let one large body take over, and forgets a purged key", () => {
    const { cache } = cacheWithClock(800);
    cache.set("small", entry(100));
    cache.set("large", entry(101));
    expect(cache.get("large")).toBeUndefined();
    cache.set("small", entry(50));
    expect(cache.size).toEqual({ entries: 1, bytes: 50 });
    cache.delete("small");
    expect(cache.get("small")).toBeUndefined();
    expect(cache.size).toEqual({ entries: 0, bytes: 0 });
  });

  it("keeps and answers nothing while the memory tiers are off, and works again once they are on", () => {
    const { cache } = cacheWithClock();
    cache.set("kept", entry(10));
    useMemoryTiers(false);
    try {
      expect(cache.get("kept")).toBeUndefined();
      cache.set("new", entry(10));
    } finally {
      useMemoryTiers(true);
    }
    expect(cache.get("new")).toBeUndefined();
    expect(cache.get("kept")?.body.byteLength).toBe(10);
    expect(cache.size).toEqual({ entries: 1, bytes: 10 });
  });
});
