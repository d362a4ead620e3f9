import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { ArticlePutSchema } from "../../../src/articles/input";
import { wordpressArticleId } from "../../../src/edge/wordpress/post-id";
import type { WxrItem } from "../../../src/edge/wordpress/wxr";
import {
  articleFromWxrItem,
  attachmentOf,
  type WxrAttachment,
  type WxrContext,
  type WxrOutcome,
  wordpressBodyHtml,
  wordpressGmtToIso,
} from "../../../src/edge/wordpress/wxr-article";
import exportXml from "../../fixtures/wordpress/export.xml?raw";
import { readExport } from "./read-export";

function exportContext(): { items: WxrItem[]; context: WxrContext } {
  const { reader, items } = readExport(exportXml);
  const attachments = new Map<string, WxrAttachment>();
  for (const item of items) {
    const found = attachmentOf(item);
    if (found) attachments.set(found.id, found.attachment);
  }
  return { items, context: { authors: reader.authors, attachments } };
}

function outcomeOf(postId: string, change: (item: WxrItem) => void = () => {}): WxrOutcome {
  const { items, context } = exportContext();
  const item = items.find((i) => i.postId === postId);
  if (!item) throw new Error(`no item ${postId}`);
  change(item);
  return articleFromWxrItem(item, context);
}

function articleOf(postId: string, change?: (item: WxrItem) => void) {
  const outcome = outcomeOf(postId, change);
  if (outcome.kind !== "article") throw new Error(`post ${postId} is ${outcome.kind}: ${"reason" in outcome ? outcome.reason : ""}`);
  return outcome;
}

describe("WXR item → article", () => {
  it("maps the published posts and tells why every other item is not one", () => {
    const { items, context } = exportContext();
    const outcomes = items.map((item) => articleFromWxrItem(item, context));
    const summary = Object.fromEntries(outcomes.map((o) => [o.postId, o.kind === "article" ? "article" : `${o.kind}: ${o.reason}`]));
    expect(summary).toEqual({
      "4205": "skipped: attachment",
      "4211": "article",
      "4215": "article",
      "4220": "article",
      "4230": "article",
      "4240": expect.stringMatching(
        /^failed: slug "☕-café-noir-reopens" \(wp:post_name %e2%98%95-caf%c3%a9-noir-reopens\) is not a Herald slug/,
      ),
      "4245": "failed: has no title",
      "4250": "skipped: draft",
      "4251": "skipped: pending",
      "4252": "skipped: private",
      "4253": "skipped: future",
      "4254": "skipped: password-protected",
      "4255": "skipped: revision",
      "4260": "skipped: page",
      "4261": "skipped: nav_menu_item",
      "4300": "skipped: attachment",
    });
  });

  it("gives every article a body the admin API's schema accepts as it is", () => {
    const { items, context } = exportContext();
    for (const outcome of items.map((item) => articleFromWxrItem(item, context))) {
      if (outcome.kind !== "article") continue;
      const parsed = v.safeParse(ArticlePutSchema, JSON.parse(JSON.stringify(outcome.body)));
      expect(parsed.issues ?? [], `post ${outcome.postId}`).toEqual([]);
    }
  });

  it("maps the seed article's post field by field", () => {
    const { slug, body } = articleOf("4211");
    expect(slug).toBe("iraqi-prime-minister-survives-drone-attack-on-his-baghdad-residence");
    expect(body).toMatchObject({
      id: wordpressArticleId("https://fismnews.example/2021/11/07/x/", 4211),
      title: "Iraqi prime minister survives drone attack on his Baghdad residence",
      dek: null,
      authors: [{ name: "Lauren Moye", slug: "lmoye" }],
      section: { name: "World", slug: "world" },
      tags: [
        { name: "Iraq", slug: "iraq" },
        { name: "Middle East", slug: "middle-east" },
      ],
      canonicalUrl: "https://fismnews.example/2021/11/07/iraqi-prime-minister-survives-drone-attack-on-his-baghdad-residence/",
      publishedAt: "2021-11-07T14:05:00Z",
      updatedAt: "2021-11-07T18:30:00Z",
      status: "published",
      source: { kind: "wordpress", ref: "4211" },
    });
    expect(body.id).toBe("wp:fismnews.example:4211");
  });

  it("finds a featured image whose attachment comes later in the file, with its alt text", () => {
    expect(articleOf("4211").body.leadImage).toEqual({
      url: "https://fismnews.example/wp-content/uploads/2021/11/baghdad-green-zone.jpg",
      alt: "Security forces at a checkpoint in Baghdad’s Green Zone",
    });
    expect(articleOf("4220").body.leadImage).toEqual({
      url: "https://fismnews.example/wp-content/uploads/2021/11/kadhimi-residence.jpg",
      alt: "The prime minister’s residence in Baghdad",
    });
    expect(articleOf("4230").body.leadImage).toBeNull();
    expect(articleOf("4211", (item) => item.meta.set("_thumbnail_id", "9999")).body.leadImage).toBeNull();
  });

  it("puts WordPress's paragraphs around blank-line text, the shortcode alone in its own", () => {
    const html = articleOf("4211").body.bodyHtml;
    expect(html.startsWith("<p>[elfsight_social_share_buttons id=”1″]</p>\n<p>Three armed drones")).toBe(true);
    expect(html.match(/<p>/g)).toHaveLength(12);
    const merger = articleOf("4215").body.bodyHtml;
    expect(merger).toContain(
      '<p>Regulators approved the merger on Monday, and shares rose [elfsight_social_share_buttons id="1"] in early trading.<br />\nThe deal',
    );
    expect(merger).toContain('<p>[elfsight_social_share_buttons id="1"]</p>');
  });

  it("leaves block-editor posts as they are, as WordPress does", () => {
    const html = articleOf("4230").body.bodyHtml;
    expect(html).toContain("<!-- wp:paragraph -->\n<p>The convoy");
    expect(html).not.toContain("<p><!--");
    expect(wordpressBodyHtml("One.\n\nTwo.")).toBe("<p>One.</p>\n<p>Two.</p>\n");
  });

  it("keeps WordPress's Unicode slugs, decoded from its lower-case percent-encoding", () => {
    expect(articleOf("4240", (item) => (item.postName = "caf%c3%a9-noir-reopens")).slug).toBe("café-noir-reopens");
    expect(articleOf("4240", (item) => (item.postName = "%d7%97%d7%93%d7%a9%d7%95%d7%aa-%d7%94%d7%99%d7%95%d7%9d")).slug).toBe(
      "חדשות-היום",
    );
    expect(articleOf("4240", (item) => (item.postName = "%D0%BD%D0%BE%D0%B2%D0%BE%D1%81%D1%82%D0%B8")).slug).toBe("новости");
  });

  it("decodes titles and term names exactly once", () => {
    const { body } = articleOf("4215");
    expect(body.title).toBe("Smith & Co’s merger clears review");
    expect(body.section).toEqual({ name: "Business & Markets", slug: "business" });
    // WordPress's percent-encoded nicename ("%c3%a9conomie") is decoded and kept, so the tag keeps its slug.
    expect(body.tags).toEqual([
      { name: "Économie", slug: "économie" },
      { name: "Mergers", slug: "mergers" },
    ]);
    expect(articleOf("4215", (item) => (item.title = "Tom &amp;amp; Jerry")).body.title).toBe("Tom &amp; Jerry");
  });

  it("makes the excerpt a plain-text dek, null when empty", () => {
    expect(articleOf("4215").body.dek).toBe("Shares rose 4% & the deal closes in December.");
    expect(articleOf("4230").body.dek).toBe("Forty trucks of food and medicine.");
    expect(articleOf("4230", (item) => (item.excerpt = "  <p> </p> ")).body.dek).toBeNull();
    const long = articleOf("4230", (item) => (item.excerpt = "word ".repeat(400))).body.dek ?? "";
    expect(long.length).toBeLessThanOrEqual(1000);
    expect(long.endsWith("word…")).toBe(true);
  });

  it("names authors by display name, with the login as the slug WordPress derives from it", () => {
    expect(articleOf("4215").body.authors).toEqual([{ name: "Zoë Ångström", slug: "zoe-angstrom" }]);
    expect(articleOf("4220").body.authors).toEqual([{ name: "Łukasz Żółć", slug: "lukasz" }]);
    // An author missing from the channel keeps the login as the name.
    expect(articleOf("4220", (item) => (item.creator = "guest-writer")).body.authors).toEqual([
      { name: "guest-writer", slug: "guest-writer" },
    ]);
  });

  it("dates from the GMT fields; a zero GMT date falls back to the local one, a zero modified date to none", () => {
    expect(wordpressGmtToIso("2021-11-07 14:05:00")).toBe("2021-11-07T14:05:00Z");
    expect(wordpressGmtToIso("0000-00-00 00:00:00")).toBeUndefined();
    expect(wordpressGmtToIso("yesterday")).toBeUndefined();
    const merger = articleOf("4215").body;
    expect(merger.publishedAt).toBe("2021-11-08T09:00:00Z");
    expect(merger.updatedAt).toBeUndefined();
    expect(articleOf("4215", (item) => (item.postDateGmt = "0000-00-00 00:00:00")).body.publishedAt).toBe("2021-11-08T04:00:00Z");
    const undated = outcomeOf("4215", (item) => {
      item.postDateGmt = "0000-00-00 00:00:00";
      item.postDate = "0000-00-00 00:00:00";
    });
    expect(undated).toMatchObject({ kind: "failed", reason: expect.stringMatching(/no publication date/) });
  });

  it("fails a post without a usable id, permalink or slug, and says which", () => {
    expect(outcomeOf("4211", (item) => (item.link = ""))).toMatchObject({ kind: "failed", reason: "has no permalink (<link>)" });
    expect(outcomeOf("4211", (item) => (item.postId = "abc"))).toMatchObject({
      kind: "failed",
      reason: expect.stringMatching(/not a WordPress post id/),
    });
    expect(outcomeOf("4211", (item) => (item.postName = "%E0%A4%A"))).toMatchObject({
      kind: "failed",
      reason: expect.stringMatching(/no usable slug/),
    });
    expect(outcomeOf("4211", (item) => (item.postName = "Upper-Case"))).toMatchObject({
      kind: "failed",
      reason: expect.stringMatching(/not a Herald slug/),
    });
  });

  it("skips by post type before status, and password-protected published posts", () => {
    expect(outcomeOf("4260", (item) => (item.status = "draft"))).toMatchObject({ kind: "skipped", reason: "page" });
    expect(outcomeOf("4211", (item) => (item.postType = "product"))).toMatchObject({ kind: "skipped", reason: "post type product" });
    expect(outcomeOf("4211", (item) => (item.status = "trash"))).toMatchObject({ kind: "skipped", reason: "status trash" });
    expect(outcomeOf("4211", (item) => (item.password = "x"))).toMatchObject({ kind: "skipped", reason: "password-protected" });
  });
});
