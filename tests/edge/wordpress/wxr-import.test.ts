import { describe, expect, it } from "vitest";
import { feedEntryId } from "../../../src/feeds/entries";
import exportXml from "../../fixtures/wordpress/export.xml?raw";
import { adminApi, request, tableCounts } from "../../helpers";
import { exportedArticles } from "./read-export";

interface PutAnswer {
  article: { id: string; slug: string; authors: { name: string; slug: string }[]; updatedAt: string };
  created: boolean;
  changed: boolean;
  sharePlaceholders: number;
}

async function importAll(articles = exportedArticles(exportXml)): Promise<Map<string, PutAnswer>> {
  const answers = new Map<string, PutAnswer>();
  for (const { slug, body } of articles) {
    const res = await adminApi("PUT", `/${slug}`, body);
    expect(res.status, `${slug}: ${res.status}`).toBeLessThan(300);
    answers.set(slug, await res.json<PutAnswer>());
  }
  return answers;
}

const SEED = "iraqi-prime-minister-survives-drone-attack-on-his-baghdad-residence";
const MERGER = "smith-co-merger-clears-review";
const VOTE = "parliament-sets-a-date-for-the-vote";
const CONVOY = "relief-convoy-reaches-the-border";

async function page(slug: string): Promise<string> {
  const res = await request(`/articles/${slug}`);
  expect(res.status).toBe(200);
  return res.text();
}

/** Share bars on a page: the bar is a <nav class="hs …"> (src/share/bar.tsx). */
const shareBars = (html: string) => html.match(/<nav class="hs [^"]*" aria-label="Share this article/g)?.length ?? 0;

describe("WXR import through the admin API", () => {
  it("creates one article per published post, with the WordPress ids", async () => {
    const answers = await importAll();
    expect([...answers.keys()]).toEqual([SEED, MERGER, VOTE, CONVOY]);
    for (const answer of answers.values()) expect(answer).toMatchObject({ created: true, changed: true });
    expect(answers.get(SEED)?.article.id).toBe("wp:fismnews.example:4211");
    expect(answers.get(SEED)?.sharePlaceholders).toBe(1);
    // Inside a sentence and in its own paragraph; entity-encoded twice over.
    expect(answers.get(MERGER)?.sharePlaceholders).toBe(2);
    expect(answers.get(VOTE)?.sharePlaceholders).toBe(2);
  });

  it("shows readers the author's display name, share bars where the shortcodes stood, absolute URLs and no script", async () => {
    await importAll();
    const seed = await page(SEED);
    expect(seed).toContain("Lauren Moye");
    expect(shareBars(seed)).toBe(1);
    // The shortcode opened the article: the bar comes before the first paragraph.
    expect(seed.indexOf('<nav class="hs ')).toBeLessThan(seed.indexOf("<p>Three armed drones"));
    expect(seed.match(/<p>/g)?.length ?? 0).toBeGreaterThanOrEqual(11);

    const merger = await page(MERGER);
    expect(merger).toContain("Zoë Ångström");
    expect(shareBars(merger)).toBe(2);
    expect(merger).toContain('src="https://fismnews.example/wp-content/uploads/2021/11/merger-chart.png"');
    expect(merger).toContain('href="https://fismnews.example/2021/11/08/smith-co-announces-merger/"');
    expect(merger).toContain('href="https://fismnews.example/category/business/"');
    expect(merger).not.toContain("tracker.example");
    expect(merger).toContain("Smith &amp; Co’s merger clears review");

    const vote = await page(VOTE);
    expect(vote).toContain("Łukasz Żółć");
    expect(shareBars(vote)).toBe(2);

    const convoy = await page(CONVOY);
    expect(convoy).toContain('src="https://fismnews.example/wp-content/uploads/2021/11/convoy.jpg"');

    for (const html of [seed, merger, vote, convoy]) {
      expect(html).not.toMatch(/elfsight/i);
      expect(html).not.toContain('src="/wp-content');
      // The page has Herald's own scripts (JSON-LD, the share bar's); the post's never gets there.
      expect(html).not.toContain("document.write");
    }
    for (const slug of [SEED, MERGER, VOTE, CONVOY]) {
      const stored = await (await adminApi("GET", `/${slug}`)).json<{ bodyHtml: string }>();
      expect(stored.bodyHtml).not.toMatch(/<script|<iframe/i);
    }
  });

  it("lists the imported posts in the site feed under their stable ids", async () => {
    const answers = await importAll();
    const feed = await (await request("/feed.xml")).text();
    for (const answer of answers.values()) expect(feed).toContain(feedEntryId(answer.article.id));
    expect(feed).not.toMatch(/elfsight/i);
    expect(feed).toContain("https://fismnews.example/wp-content/uploads/2021/11/baghdad-green-zone.jpg");
  });

  it("changes nothing when the same export is imported again", async () => {
    const first = await importAll();
    const before = await tableCounts();
    const second = await importAll();
    for (const [slug, answer] of second) {
      expect(answer, slug).toMatchObject({ created: false, changed: false });
      expect(answer.article.updatedAt).toBe(first.get(slug)?.article.updatedAt);
    }
    expect(await tableCounts()).toEqual(before);
  });

  it("updates an edited post in place: same id, same feed entry", async () => {
    const first = await importAll();
    const edited = exportXml
      .replace(
        "Iraqi prime minister survives drone attack on his Baghdad residence]]></title>",
        "Iraqi prime minister survives drone attack]]></title>",
      )
      .replace("<wp:post_modified_gmt><![CDATA[2021-11-07 18:30:00]]>", "<wp:post_modified_gmt><![CDATA[2021-11-08 06:00:00]]>");
    const second = await importAll(exportedArticles(edited));
    const seed = second.get(SEED);
    expect(seed).toMatchObject({ created: false, changed: true });
    expect(seed?.article.id).toBe(first.get(SEED)?.article.id);
    expect(second.get(MERGER)).toMatchObject({ changed: false });
    expect(await page(SEED)).toContain("Iraqi prime minister survives drone attack</h1>");
  });
});
