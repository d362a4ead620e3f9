import { applyD1Migrations, reset } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { request } from "../../helpers";
import { articleRows, FakeWordPress, heraldId, recorded, runSync, summaryOf, syncRow } from "./fake-wordpress";

// The WordPress REST sync against a recorded site (tests/fixtures/wordpress/rest/), writing to
// the real D1 and answering readers through the real Worker.

beforeEach(async () => {
  await reset();
  await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** The posts of the fixture Herald can store: all of them (4217 keeps its Hebrew slug). */
const STORABLE = [4211, 4215, 4216, 4217, 4218, 4219, 4220, 4221];

/** How many times each post id was fetched with its full content (not as a skipped re-read). */
function postsPageRequests(wordpress: FakeWordPress) {
  return wordpress.requests.filter((url) => url.searchParams.has("_embed"));
}

describe("WordPress sync: first run", () => {
  it("creates an article per post, which readers see with headline, author, share bar and feed entry", async () => {
    const wordpress = new FakeWordPress();
    const summary = summaryOf(await runSync(wordpress));
    expect(summary).toMatchObject({ created: STORABLE.length, updated: 0, unchanged: 0, tombstoned: 0, more: false });
    expect(summary.error).toBeUndefined();
    expect(summary.failed).toEqual([]);
    expect((await articleRows()).map((row) => row.id)).toEqual(STORABLE.map(heraldId).sort());

    const page = await request("/articles/iraqi-prime-minister-survives-drone-attack");
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("<h1>Iraq’s prime minister survives drone attack on his Baghdad residence</h1>");
    expect(html).toContain('<a href="https://news.example/authors/lauren-moye">Lauren Moye</a>');
    expect(html).toContain(
      '<link rel="canonical" href="https://fismnews.example/2021/11/07/iraqi-prime-minister-survives-drone-attack/"/>',
    );
    // The shortcode stood first: the share bar comes before the first paragraph, and no shortcode is left.
    const body = html.slice(html.indexOf("<h1>"));
    const bar = body.indexOf('aria-label="Share this article"');
    expect(bar).toBeGreaterThan(0);
    expect(bar).toBeLessThan(body.indexOf("<p>Three armed drones targeted"));
    expect(html).not.toMatch(/elfsight|&#8221;1&#8243;|”1″/);

    // The Hebrew post keeps its WordPress slug; its page is at the slug percent-encoded, and its
    // canonical URL is the permalink WordPress gave, lower-case hex and all.
    const hebrew = await request(`/articles/${encodeURIComponent("חדשות-היום")}`);
    expect(hebrew.status).toBe(200);
    const hebrewHtml = await hebrew.text();
    expect(hebrewHtml).toContain("<h1>חדשות היום</h1>");
    expect(hebrewHtml).toContain(
      '<link rel="canonical" href="https://fismnews.example/2021/11/08/%d7%97%d7%93%d7%a9%d7%95%d7%aa-%d7%94%d7%99%d7%95%d7%9d/"/>',
    );

    const storm = await (await request("/articles/storm-season-what-el-nino-means")).text();
    expect(storm).toContain("<h1>Storm season: what El Niño means for the coast</h1>");
    expect(storm).toContain('<a href="https://news.example/authors/jose-nunez">José Núñez</a>');
    expect(storm).not.toContain("elfsight");
    // The literal-quote shortcode sat between two paragraphs: the bar is there.
    const stormBody = storm.slice(storm.indexOf("<h1>"));
    const stormBar = stormBody.indexOf('aria-label="Share this article"');
    expect(stormBar).toBeGreaterThan(stormBody.indexOf("quieter hurricane season"));
    expect(stormBar).toBeLessThan(stormBody.indexOf("Coastal towns"));

    const markets = await (await request("/articles/markets-rally-as-inflation-cools")).text();
    expect(markets).toContain("Zoë Ångström");
    expect(markets).toContain("Business &amp; Economy");

    const feed = await (await request("/feed.xml")).text();
    expect(feed).toContain("<title><![CDATA[Harbor bridge reopens]]></title>");
    expect(feed).toContain("<title><![CDATA[Markets rally as inflation cools – “a welcome surprise”]]></title>");
    expect(feed).toContain("Iraq’s prime minister survives drone attack");
    expect(feed).not.toContain("elfsight");
    expect((await request("/authors/zoe-angstrom/feed.xml")).status).toBe(200);
    expect((await request("/categories/business-economy/feed.xml")).status).toBe(200);
  });
});

describe("WordPress sync: later runs", () => {
  it("changes nothing when nothing new was published", async () => {
    const wordpress = new FakeWordPress();
    summaryOf(await runSync(wordpress));
    const rows = await articleRows();
    const feedChanges = await env.DB.prepare("SELECT * FROM feed_changes ORDER BY scope").all();
    const cursor = await syncRow();

    const summary = summaryOf(await runSync(wordpress));
    expect(summary).toMatchObject({ created: 0, updated: 0, unchanged: 0, failed: [], tombstoned: 0, more: false });
    expect(await articleRows()).toEqual(rows);
    expect((await env.DB.prepare("SELECT * FROM feed_changes ORDER BY scope").all()).results).toEqual(feedChanges.results);
    expect(await syncRow()).toEqual(cursor);
  });

  it("updates an edited post in place: same id, new title, nothing else touched", async () => {
    const wordpress = new FakeWordPress();
    summaryOf(await runSync(wordpress));
    const before = await articleRows();
    wordpress.edit(4215, {
      title: { rendered: "Markets rally as inflation cools for a second month" },
      modified: "2021-11-12T09:00:00",
      modified_gmt: "2021-11-12T14:00:00",
    });

    const summary = summaryOf(await runSync(wordpress));
    expect(summary).toMatchObject({ created: 0, updated: 1, unchanged: 0, failed: [] });
    const after = await articleRows();
    const edited = after.find((row) => row.id === heraldId(4215));
    expect(edited).toMatchObject({
      slug: "markets-rally-as-inflation-cools",
      title: "Markets rally as inflation cools for a second month",
    });
    expect(edited?.updated_at).toBe("2021-11-12T14:00:00.000Z");
    expect(after.filter((row) => row.id !== heraldId(4215))).toEqual(before.filter((row) => row.id !== heraldId(4215)));
    expect(await (await request("/articles/markets-rally-as-inflation-cools")).text()).toContain(
      "<h1>Markets rally as inflation cools for a second month</h1>",
    );
  });

  it("stores each of several posts saved in the same second once, across a page boundary", async () => {
    // Page size 2: 4218, 4219 and 4220 share 2021-11-09T12:00:00 and straddle two pages, and the
    // recorded site returns them in a different order on every request.
    const wordpress = new FakeWordPress();
    const summary = summaryOf(await runSync(wordpress, { limits: { perPage: 2, subrequests: 1000, d1Queries: 1000, changes: 100 } }));
    expect(summary).toMatchObject({ created: STORABLE.length, unchanged: 0, failed: [] });
    expect((await articleRows()).map((row) => row.id)).toEqual(STORABLE.map(heraldId).sort());
    // Nothing stored twice: a second run re-reads the cursor's second and skips what it stored.
    expect(summaryOf(await runSync(wordpress, { limits: { perPage: 2 } }))).toMatchObject({ created: 0, updated: 0, unchanged: 0 });
  });

  it("pages through more posts of one second than fit on a page", async () => {
    // Five posts saved in one second (a bulk edit), page size 2: a page of only done posts of that
    // second switches to reading that second alone, excluding the ids already stored.
    const wordpress = new FakeWordPress();
    for (const id of [4211, 4215, 4216, 4218, 4219]) wordpress.edit(id, { modified_gmt: "2021-11-09T12:00:00" });
    const summary = summaryOf(await runSync(wordpress, { limits: { perPage: 2, subrequests: 1000, d1Queries: 1000, changes: 100 } }));
    expect(summary).toMatchObject({ created: STORABLE.length, unchanged: 0, more: false });
    expect(summary.error).toBeUndefined();
    expect((await articleRows()).map((row) => row.id)).toEqual(STORABLE.map(heraldId).sort());
    const window = wordpress.requests.find((url) => url.searchParams.has("modified_before"));
    expect(window?.searchParams.get("exclude")?.split(",").length).toBeGreaterThanOrEqual(2);
  });
});

describe("WordPress sync: a run that stops early", () => {
  it("keeps page 1 when the origin fails on page 2, and the next run resumes with no gap or duplicate", async () => {
    const wordpress = new FakeWordPress();
    wordpress.failWhen(
      (url) => postsPageRequests(wordpress).length === 2 && url.searchParams.has("_embed"),
      () => new Response(recorded.badGateway, { status: 502, headers: { "Content-Type": "text/html" } }),
    );
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const first = summaryOf(await runSync(wordpress));
    expect(first.created).toBe(3);
    expect(first.error).toMatch(/answered 502 with an HTML page instead of JSON/);
    expect(errors.mock.calls.flat().join(" ")).toContain("502");
    expect((await articleRows()).map((row) => row.id)).toEqual([4211, 4215, 4216].map(heraldId));
    expect(await syncRow()).toMatchObject({ cursor_modified: "2021-11-08T18:30:12Z", cursor_done_ids: "[4216]", lease_token: null });

    const second = summaryOf(await runSync(wordpress));
    expect(second).toMatchObject({ created: STORABLE.length - 3, updated: 0, unchanged: 0, more: false });
    expect(second.error).toBeUndefined();
    expect((await articleRows()).map((row) => row.id)).toEqual(STORABLE.map(heraldId).sort());
  });

  it("spreads a backlog over runs when the run's budget is small, and says more remains", async () => {
    const wordpress = new FakeWordPress();
    const limits = { perPage: 3, subrequests: 1000, d1Queries: 1000, changes: 2 };
    const runs = [];
    for (let i = 0; i < 10; i++) {
      const summary = summaryOf(await runSync(wordpress, { limits }));
      runs.push(summary);
      if (!summary.more) break;
    }
    expect(runs.length).toBe(4);
    expect(runs.map((run) => run.created)).toEqual([2, 2, 2, 2]);
    expect(runs.slice(0, 3).every((run) => run.more)).toBe(true);
    expect(runs.reduce((n, run) => n + run.unchanged, 0)).toBe(0);
    expect((await articleRows()).length).toBe(STORABLE.length);
  });

  const brokenAnswers: [string, () => Response, RegExp][] = [
    [
      "malformed JSON",
      () => new Response(recorded.truncatedPage, { headers: { "Content-Type": "application/json; charset=UTF-8" } }),
      /malformed JSON/,
    ],
    [
      "WordPress's critical-error page at 200",
      () => new Response(recorded.criticalError, { headers: { "Content-Type": "text/html; charset=UTF-8" } }),
      /answered 200 with an HTML page/,
    ],
    [
      "a proxy's 502 page",
      () => new Response(recorded.badGateway, { status: 502, headers: { "Content-Type": "text/html" } }),
      /answered 502/,
    ],
    [
      "a JSON error",
      () =>
        Response.json(
          { code: "rest_forbidden", message: "Sorry, you are not allowed to do that.", data: { status: 401 } },
          { status: 401 },
        ),
      /answered 401 rest_forbidden/,
    ],
  ];
  for (const [what, answer, message] of brokenAnswers) {
    it(`leaves articles and cursor untouched and logs, on ${what}`, async () => {
      const wordpress = new FakeWordPress();
      summaryOf(await runSync(wordpress));
      wordpress.edit(4215, { title: { rendered: "An edit that must wait" }, modified_gmt: "2021-11-12T14:00:00" });
      const rows = await articleRows();
      const cursor = await syncRow();
      wordpress.failWhen(() => true, answer);
      const errors = vi.spyOn(console, "error").mockImplementation(() => {});

      const summary = summaryOf(await runSync(wordpress));
      expect(summary.error).toMatch(message);
      expect(summary).toMatchObject({ created: 0, updated: 0, tombstoned: 0 });
      expect(errors).toHaveBeenCalled();
      expect(await articleRows()).toEqual(rows);
      expect(await syncRow()).toEqual(cursor);
      // The next run picks the edit up.
      expect(summaryOf(await runSync(wordpress))).toMatchObject({ updated: 1 });
    });
  }

  it("gives up on an origin that does not answer, within the timeout, and keeps everything", async () => {
    const wordpress = new FakeWordPress();
    summaryOf(await runSync(wordpress));
    const rows = await articleRows();
    const cursor = await syncRow();
    const hanging: typeof fetch = (_input, init) =>
      new Promise((_resolve, reject) => {
        init?.signal?.addEventListener("abort", () => reject(init.signal?.reason));
      });
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    wordpress.failWhen(
      () => true,
      (url, init) => hanging(url, init),
    );
    const summary = summaryOf(await runSync(wordpress, { timeoutMs: 50 }));
    expect(summary.error).toMatch(/no answer within 50 ms/);
    expect(errors.mock.calls.flat().join(" ")).toContain("no answer within 50 ms");
    expect(await articleRows()).toEqual(rows);
    expect(await syncRow()).toEqual(cursor);
  });

  it("counts a malformed post as failed with its reason and stores the rest", async () => {
    const wordpress = new FakeWordPress();
    wordpress.edit(4215, { title: "not an object" });
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const summary = summaryOf(await runSync(wordpress));
    expect(summary.created).toBe(STORABLE.length - 1);
    expect(summary.failed).toContainEqual({ post: 4215, reason: expect.stringMatching(/^malformed post: title must be \{ rendered \}/) });
    expect(errors.mock.calls.flat().join(" ")).toContain("post 4215 not stored");
  });
});

describe("WordPress sync: overlapping runs", () => {
  it("two concurrent runs store each post once: one runs, the other finds the sync taken", async () => {
    const wordpress = new FakeWordPress();
    const slow: typeof fetch = async (input, init) => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      return wordpress.fetcher(input, init);
    };
    const outcomes = await Promise.all([runSync({ fetcher: slow }), runSync({ fetcher: slow })]);
    const ran = outcomes.filter((outcome) => outcome.ran);
    expect(ran).toHaveLength(1);
    expect(outcomes.find((outcome) => !outcome.ran)).toEqual({ ran: false, reason: "another sync of this WordPress site is running" });
    expect(summaryOf(ran[0] ?? outcomes[0])).toMatchObject({ created: STORABLE.length, unchanged: 0 });
    expect((await articleRows()).length).toBe(STORABLE.length);
    // The lease is given back: the next run runs.
    expect((await syncRow())?.lease_token).toBeNull();
    expect((await runSync(wordpress)).ran).toBe(true);
  });

  it("a run whose lease expired cannot move the cursor", async () => {
    const wordpress = new FakeWordPress();
    // Another run took the sync over (as after this run's lease expired) while this one was fetching.
    wordpress.failWhen(
      () => true,
      async (url, init) => {
        await env.DB.prepare("UPDATE wordpress_sync SET lease_token = 'someone-else'").run();
        return wordpress.fetcher(url, init);
      },
    );
    vi.spyOn(console, "error").mockImplementation(() => {});
    const summary = summaryOf(await runSync(wordpress));
    expect(summary.error).toMatch(/another run took over the sync/);
    expect((await syncRow())?.cursor_modified).toBeNull();
  });
});
