import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { parseAtomFeed, parseJsonFeed, parseRssFeed } from "feedsmith";
import { beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/app/create-app";
import { adminApi, htmlArticleInput } from "../helpers";
import { parseStrictXml } from "./strict-xml";

const HEBREW_TITLE = "הכנסת מאשרת את התקציב";
const ENGLISH_TITLE = "Parliament passes the budget";

/**
 * The three feeds of the site, parsed strictly and by feedsmith: each item's title with its
 * HTML content and (HTML) summary. `vars` change the configuration; such feeds are asked for
 * with a non-default limit, which is never kept at the edge.
 */
async function feeds(vars: Partial<Cloudflare.Env> = {}) {
  const query = Object.keys(vars).length ? "?limit=50" : "";
  const get = async (path: string) => {
    const ctx = createExecutionContext();
    const res = await createApp().fetch(new Request(`https://herald.test${path}${query}`), { ...env, ...vars }, ctx);
    await waitOnExecutionContext(ctx);
    expect(res.status, path).toBe(200);
    return res.text();
  };
  const rssXml = await get("/feed.xml");
  const atomXml = await get("/atom.xml");
  const jsonText = await get("/feed.json");
  expect(() => parseStrictXml(rssXml)).not.toThrow();
  expect(() => parseStrictXml(atomXml)).not.toThrow();
  const rss = parseRssFeed(rssXml);
  const atom = parseAtomFeed(atomXml);
  const json = parseJsonFeed(JSON.parse(jsonText));
  const item = (title: string) => {
    const rssItem = rss.items?.find((i) => i.title === title);
    const atomEntry = atom.entries?.find((e) => e.title?.value === title);
    const jsonItem = json.items?.find((i) => i.title === title);
    return {
      html: [rssItem?.content?.encoded, rssItem?.description, atomEntry?.content?.value, atomEntry?.summary?.value, jsonItem?.content_html],
    };
  };
  return { item, atomXml, language: json.language };
}

beforeAll(async () => {
  for (const [slug, title] of [
    ["hebrew-item", HEBREW_TITLE],
    ["english-item", ENGLISH_TITLE],
  ]) {
    const res = await adminApi("PUT", `/${slug}`, htmlArticleInput({ title, bodyHtml: "<p>גוף הכתבה. Body.</p>" }));
    expect(res.status).toBe(201);
  }
});

describe("feed items' text direction", () => {
  it("wraps a right-to-left item's HTML in <div dir=rtl> in RSS, Atom and JSON Feed, and leaves the others alone", async () => {
    const { item, language } = await feeds();
    const hebrew = item(HEBREW_TITLE).html;
    expect(hebrew).toHaveLength(5);
    for (const html of hebrew) {
      expect(html?.startsWith('<div dir="rtl">'), html).toBe(true);
      expect(html?.endsWith("</div>"), html).toBe(true);
    }
    expect(hebrew[0]).toContain("<p>גוף הכתבה. Body.</p>");
    for (const html of item(ENGLISH_TITLE).html) {
      expect(html, ENGLISH_TITLE).toBeDefined();
      expect(html).not.toContain("dir=");
    }
    expect(language).toBe("en-US");
  });

  it("on a right-to-left site, states every item's direction, left-to-right ones too", async () => {
    const { item, atomXml, language } = await feeds({ SITE_LANGUAGE: "he" });
    for (const html of item(HEBREW_TITLE).html) expect(html?.startsWith('<div dir="rtl">'), html).toBe(true);
    for (const html of item(ENGLISH_TITLE).html) expect(html?.startsWith('<div dir="ltr">'), html).toBe(true);
    expect(language).toBe("he");
    expect(atomXml).toContain('<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="he"');
  });
});
