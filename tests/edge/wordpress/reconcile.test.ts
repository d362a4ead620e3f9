import { applyD1Migrations, reset } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { request } from "../../helpers";
import { articleRows, FakeWordPress, heraldId, recorded, runSync, summaryOf, syncRow } from "./fake-wordpress";

// Posts that leave WordPress (trashed, unpublished, deleted) become tombstones on the
// reconciliation pass, and only when WordPress's answer can be trusted.

beforeEach(async () => {
  await reset();
  await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
  vi.spyOn(console, "error").mockImplementation(() => {});
});

afterEach(() => {
  vi.restoreAllMocks();
});

const LIMITS = { perPage: 3, subrequests: 1000, d1Queries: 1000, changes: 100, reconcileBatch: 3 };

async function statusOf(postId: number): Promise<string | undefined> {
  return (await articleRows()).find((row) => row.id === heraldId(postId))?.status;
}

async function syncedSite(): Promise<FakeWordPress> {
  const wordpress = new FakeWordPress();
  const first = summaryOf(await runSync(wordpress, { limits: LIMITS }));
  expect(first).toMatchObject({ created: 8, tombstoned: 0 });
  return wordpress;
}

const isListing = (url: URL) => url.searchParams.has("include");

describe("WordPress sync: reconciliation", () => {
  it("tombstones a trashed post; readers get 410 and the feed drops it; the rest stay", async () => {
    const wordpress = await syncedSite();
    expect((await request("/feed.xml").then((res) => res.text())).includes("School board delays vote")).toBe(true);
    wordpress.trash(4219);

    const summary = summaryOf(await runSync(wordpress, { limits: LIMITS }));
    expect(summary).toMatchObject({ created: 0, updated: 0, tombstoned: 1, more: false });
    expect(await statusOf(4219)).toBe("deleted");
    expect((await articleRows()).filter((row) => row.status === "published")).toHaveLength(7);
    expect((await request("/articles/school-board-delays-vote")).status).toBe(410);
    expect(await (await request("/feed.xml")).text()).not.toContain("School board delays vote");
    // The listing asked WordPress about Herald's own articles, a batch at a time, ids only.
    const listing = wordpress.requests.filter(isListing);
    expect(listing.length).toBeGreaterThanOrEqual(3);
    expect(listing[0]?.searchParams.get("_fields")).toBe("id,link");
    // Nothing left to do: the next run tombstones nothing more.
    expect(summaryOf(await runSync(wordpress, { limits: LIMITS }))).toMatchObject({ tombstoned: 0 });
  });

  const untrusted: [string, (url: URL) => Response][] = [
    ["the listing fails", () => new Response(recorded.badGateway, { status: 502, headers: { "Content-Type": "text/html" } })],
    ["the listing is malformed JSON", () => new Response(recorded.truncatedPage, { headers: { "Content-Type": "application/json" } })],
    [
      "the listing says it has more pages (incomplete)",
      () => Response.json([], { headers: { "X-WP-Total": "250", "X-WP-TotalPages": "3" } }),
    ],
    ["the listing ignores include= (answers other posts)", () => Response.json([{ id: 1, link: "https://fismnews.example/hello-world/" }])],
  ];
  for (const [what, answer] of untrusted) {
    it(`tombstones nothing when ${what}, and catches up once it is answered`, async () => {
      const wordpress = await syncedSite();
      wordpress.trash(4219);
      const cursor = await syncRow();
      wordpress.failWhen(isListing, answer, 10);

      const summary = summaryOf(await runSync(wordpress, { limits: LIMITS }));
      expect(summary.tombstoned).toBe(0);
      expect(summary.error).toMatch(/answered|listing|nothing tombstoned/);
      expect((await articleRows()).every((row) => row.status === "published")).toBe(true);
      expect((await syncRow())?.reconcile_after).toBe(cursor?.reconcile_after);

      const later = new FakeWordPress([...wordpress.posts.values()]);
      expect(summaryOf(await runSync(later, { limits: LIMITS }))).toMatchObject({ tombstoned: 1 });
      expect(await statusOf(4219)).toBe("deleted");
    });
  }

  it("tombstones nothing when WordPress lists no posts at all (a REST API hidden by a plugin)", async () => {
    await syncedSite();
    const empty = new FakeWordPress([]);
    const summary = summaryOf(await runSync(empty, { limits: LIMITS }));
    expect(summary.tombstoned).toBe(0);
    expect(summary.error).toMatch(/lists no published posts at all/);
    expect((await articleRows()).every((row) => row.status === "published")).toBe(true);
  });

  it("spreads tombstones over runs when a run's changes run out, resuming where it stopped", async () => {
    const wordpress = await syncedSite();
    wordpress.trash(4211);
    wordpress.trash(4221);
    const limits = { ...LIMITS, changes: 1 };

    const first = summaryOf(await runSync(wordpress, { limits }));
    expect(first).toMatchObject({ tombstoned: 1, more: true });
    expect(await statusOf(4211)).toBe("deleted");
    expect(await statusOf(4221)).toBe("published");
    // It stopped at 4221, the first article of its last batch: 4211 to 4220 are checked.
    expect((await syncRow())?.reconcile_after).toBe(heraldId(4220));

    const second = summaryOf(await runSync(wordpress, { limits }));
    expect(second).toMatchObject({ tombstoned: 1, more: false });
    expect(await statusOf(4221)).toBe("deleted");
    expect((await syncRow())?.reconcile_after).toBe("");
  });

  it("brings a tombstoned post back when WordPress publishes it again", async () => {
    const wordpress = await syncedSite();
    const post = wordpress.posts.get(4219);
    wordpress.trash(4219);
    summaryOf(await runSync(wordpress, { limits: LIMITS }));
    expect(await statusOf(4219)).toBe("deleted");
    // Restored from the trash and published again: a new modified time.
    wordpress.posts.set(4219, { ...post, modified_gmt: "2021-11-20T10:00:00" });
    expect(summaryOf(await runSync(wordpress, { limits: LIMITS }))).toMatchObject({ updated: 1, tombstoned: 0 });
    expect(await statusOf(4219)).toBe("published");
    expect((await request("/articles/school-board-delays-vote")).status).toBe(200);
  });
});
