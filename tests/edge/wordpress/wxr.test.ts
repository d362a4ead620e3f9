import { describe, expect, it } from "vitest";
import { NotAWordPressExport, type WxrItem } from "../../../src/edge/wordpress/wxr";
import exportXml from "../../fixtures/wordpress/export.xml?raw";
import { readExport } from "./read-export";

function byId(items: WxrItem[], postId: string): WxrItem {
  const item = items.find((i) => i.postId === postId);
  if (!item) throw new Error(`no item ${postId}`);
  return item;
}

describe("WXR reader", () => {
  it("reads every item of the export, in file order", () => {
    const { items } = readExport(exportXml);
    expect(items.map((i) => i.postId)).toEqual([
      "4205",
      "4211",
      "4215",
      "4220",
      "4230",
      "4240",
      "4245",
      "4250",
      "4251",
      "4252",
      "4253",
      "4254",
      "4255",
      "4260",
      "4261",
      "4300",
    ]);
  });

  it("gives the same items whatever the chunk size, multi-byte characters split across chunks included", () => {
    const whole = readExport(exportXml, exportXml.length * 4).items;
    // 64 bytes splits "Zoë", "Łukasz Żółć" and the typographic quotes at many offsets; 1 and 7 split everything.
    for (const size of [1, 7, 64, 1000]) expect(readExport(exportXml, size).items).toEqual(whole);
    expect(whole.find((i) => i.creator === "lukasz")).toBeDefined();
  });

  it("reads the channel: site URLs, WXR version and authors by login with their display names", () => {
    const { reader } = readExport(exportXml);
    expect(reader.site).toEqual({
      wxrVersion: "1.2",
      link: "https://fismnews.example",
      baseSiteUrl: "https://fismnews.example",
      baseBlogUrl: "https://fismnews.example",
    });
    expect([...reader.authors.values()]).toEqual([
      { login: "lmoye", displayName: "Lauren Moye" },
      { login: "zoe.angstrom", displayName: "Zoë Ångström" },
      { login: "lukasz", displayName: "Łukasz Żółć" },
    ]);
  });

  it("reads a post's fields as the XML layer gives them, unescaped once", () => {
    const post = byId(readExport(exportXml).items, "4215");
    // CDATA: the HTML entities WordPress stored are still there for the mapping to decode once.
    expect(post.title).toBe("Smith &amp; Co&#8217;s merger clears review");
    expect(post).toMatchObject({
      link: "https://fismnews.example/2021/11/08/smith-co-merger-clears-review/",
      creator: "zoe.angstrom",
      postName: "smith-co-merger-clears-review",
      status: "publish",
      postType: "post",
      password: "",
      postDate: "2021-11-08 04:00:00",
      postDateGmt: "2021-11-08 09:00:00",
      postModifiedGmt: "0000-00-00 00:00:00",
    });
    expect(post.content).toContain('shares rose [elfsight_social_share_buttons id="1"] in early trading.\nThe deal');
    expect(post.content).toContain("<script>");
    expect(post.excerpt).toBe("<p>Shares rose <strong>4%</strong> &amp; the deal closes in&nbsp;December.</p>");
    expect(post.categories).toEqual([
      { domain: "post_tag", nicename: "%c3%a9conomie", name: "Économie" },
      { domain: "category", nicename: "business", name: "Business &amp; Markets" },
      { domain: "category", nicename: "world", name: "World" },
      { domain: "post_tag", nicename: "mergers", name: "Mergers" },
    ]);
  });

  it("keeps post meta apart from comment meta, and reads attachments' URLs", () => {
    const { items } = readExport(exportXml);
    const post = byId(items, "4211");
    expect(Object.fromEntries(post.meta)).toEqual({ _edit_last: "2", _thumbnail_id: "4300" });
    const attachment = byId(items, "4300");
    expect(attachment.postType).toBe("attachment");
    expect(attachment.attachmentUrl).toBe("https://fismnews.example/wp-content/uploads/2021/11/baghdad-green-zone.jpg");
    expect(attachment.meta.get("_wp_attachment_image_alt")).toBe("Security forces at a checkpoint in Baghdad’s Green Zone");
  });

  it("reads a title outside CDATA with its entities unescaped by XML", () => {
    const xml = exportXml.replace(
      "<title><![CDATA[Relief convoy reaches the border]]></title>",
      "<title>Relief &amp; aid&#8217;s convoy</title>",
    );
    expect(byId(readExport(xml).items, "4230").title).toBe("Relief & aid’s convoy");
  });

  it("reads a WXR 1.1 export as it reads 1.2", () => {
    const older = exportXml
      .replaceAll("http://wordpress.org/export/1.2/", "http://wordpress.org/export/1.1/")
      .replace("<wp:wxr_version>1.2<", "<wp:wxr_version>1.1<");
    const { reader, items } = readExport(older);
    expect(reader.site.wxrVersion).toBe("1.1");
    expect(items).toEqual(readExport(exportXml).items);
  });

  it("refuses a feed that is not a WordPress export", () => {
    const rss = '<?xml version="1.0"?><rss version="2.0"><channel><title>x</title><item><title>y</title></item></channel></rss>';
    expect(() => readExport(rss)).toThrow(NotAWordPressExport);
    expect(() => readExport('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"></feed>')).toThrow(/root element is <feed>/);
  });

  it("throws on malformed XML with the position, and on a truncated export", () => {
    expect(() => readExport(exportXml.replace("<wp:post_id>4230</wp:post_id>", "<wp:post_id>4230</wp:postid>"))).toThrow(/\d+:\d+/);
    expect(() => readExport(exportXml.slice(0, exportXml.length / 2))).toThrow();
  });

  it("refuses an export in another encoding than UTF-8", () => {
    const latin1 = exportXml.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"');
    expect(() => readExport(latin1)).toThrow(/ISO-8859-1/);
  });
});
