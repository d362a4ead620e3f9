import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { httpDate } from "../../src/http/conditional";
import { adminWriteAndSettle, htmlArticleInput, request } from "../helpers";

/** When the site's feed state began: written by the migration that created it. */
async function siteFeedCreatedAt(): Promise<string> {
  const row = await env.DB.prepare("SELECT changed_at FROM feed_changes WHERE scope = 'site'").first<{ changed_at: string }>();
  return row?.changed_at ?? "";
}

describe("a site feed nothing was ever published in", () => {
  it("is dated when the site's feed state was created, in every format and in Last-Modified, the same on every request", async () => {
    const created = await siteFeedCreatedAt();
    expect(created).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(Date.parse(created)).toBeGreaterThan(Date.parse("2020-01-01T00:00:00Z"));
    expect(Date.parse(created)).toBeLessThanOrEqual(Date.now());

    const rss = await request("/feed.xml");
    const rssText = await rss.text();
    expect(rssText).toContain(`<lastBuildDate>${new Date(created).toUTCString()}</lastBuildDate>`);
    expect(rssText).not.toContain("2000");
    expect(rss.headers.get("Last-Modified")).toBe(httpDate(created));

    const atom = await (await request("/atom.xml")).text();
    expect(atom).toMatch(new RegExp(`<updated>${created.replace(/\./g, "\\.")}</updated>`));

    // A size other than the default is never cached: each of these is rendered afresh.
    const [first, second] = [await request("/feed.xml?limit=5"), await request("/feed.xml?limit=5")];
    expect(second.headers.get("ETag")).toBe(first.headers.get("ETag"));
    expect(second.headers.get("Last-Modified")).toBe(httpDate(created));
    expect(await second.text()).toBe(await first.text());
  });

  it("moves forward to the first article's publication, never back", async () => {
    const created = await siteFeedCreatedAt();
    expect((await adminWriteAndSettle("PUT", "first-ever", htmlArticleInput())).status).toBe(201);
    const after = await siteFeedCreatedAt();
    expect(after >= created).toBe(true);
    expect((await request("/feed.xml")).headers.get("Last-Modified")).toBe(httpDate(after));
  });
});
