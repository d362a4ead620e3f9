import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/app/create-app";
import { adminApi, htmlArticleInput, request } from "../helpers";

const ROBOTS = '<meta name="robots" content="index, follow, max-image-preview:large, max-snippet:-1, max-video-preview:-1"/>';

/** A page through the app with some vars changed. Each article is fetched under one configuration only: pages are kept at the edge by URL. */
async function pageWith(vars: Partial<Cloudflare.Env>, path: string): Promise<{ status: number; html: string }> {
  const ctx = createExecutionContext();
  const res = await createApp().fetch(new Request(`https://herald.test${path}`), { ...env, ...vars }, ctx);
  await waitOnExecutionContext(ctx);
  return { status: res.status, html: await res.text() };
}

/** The opening tag of the first `name` element. */
const openingTag = (html: string, name: string) => html.match(new RegExp(`<${name}(?:\\s[^>]*)?>`))?.[0] ?? "";

beforeAll(async () => {
  const articles: [string, string][] = [
    ["english-on-english-site", "Parliament sets a date"],
    ["hebrew-on-english-site", "הכנסת קובעת מועד"],
    ["arabic-on-english-site", "«البرلمان» يحدد موعدا"],
    ["english-on-hebrew-site", "Parliament sets a date"],
    ["hebrew-on-hebrew-site", "הכנסת קובעת מועד"],
    ["digits-on-hebrew-site", "2024"],
    ["robots-off", "No large previews"],
    ["robots-on", "Large previews"],
  ];
  for (const [slug, title] of articles) expect((await adminApi("PUT", `/${slug}`, htmlArticleInput({ title }))).status).toBe(201);
  expect((await adminApi("PUT", "/a-draft", htmlArticleInput({ status: "draft" }))).status).toBe(201);
});

describe("text direction", () => {
  it("gives every page the site language's direction", async () => {
    const home = await (await request("/")).text();
    expect(openingTag(home, "html")).toBe('<html lang="en-US" dir="ltr">');
    for (const [language, direction] of [
      ["he", "rtl"],
      ["ar-EG", "rtl"],
      ["fa", "rtl"],
      ["ur", "rtl"],
      ["en-GB", "ltr"],
    ]) {
      const page = await pageWith({ SITE_LANGUAGE: language }, "/nowhere");
      expect(openingTag(page.html, "html"), language).toBe(`<html lang="${language}" dir="${direction}">`);
    }
  });

  it("marks an article written the other way from the site, by its title's first strong character", async () => {
    expect(openingTag(await (await request("/articles/english-on-english-site")).text(), "article")).toBe("<article>");
    expect(openingTag(await (await request("/articles/hebrew-on-english-site")).text(), "article")).toBe('<article dir="rtl">');
    expect(openingTag(await (await request("/articles/arabic-on-english-site")).text(), "article")).toBe('<article dir="rtl">');

    const hebrewSite = { SITE_LANGUAGE: "he" };
    const english = await pageWith(hebrewSite, "/articles/english-on-hebrew-site");
    expect(openingTag(english.html, "html")).toBe('<html lang="he" dir="rtl">');
    expect(openingTag(english.html, "article")).toBe('<article dir="ltr">');
    expect(openingTag((await pageWith(hebrewSite, "/articles/hebrew-on-hebrew-site")).html, "article")).toBe("<article>");
    // No strong character: the site's direction stands.
    expect(openingTag((await pageWith(hebrewSite, "/articles/digits-on-hebrew-site")).html, "article")).toBe("<article>");
  });
});

describe("robots meta", () => {
  it("asks for large image previews and full snippets on article pages", async () => {
    const html = await (await request("/articles/robots-on")).text();
    expect(html).toContain(ROBOTS);
    expect(html.match(/<meta name="robots"/g)).toHaveLength(1);
    expect(html.indexOf(ROBOTS)).toBeLessThan(html.indexOf("</head>"));
  });

  it("is left out with ROBOTS_LARGE_PREVIEWS=off", async () => {
    const page = await pageWith({ ROBOTS_LARGE_PREVIEWS: "off" }, "/articles/robots-off");
    expect(page.status).toBe(200);
    expect(page.html).not.toContain('name="robots"');
  });

  it("is a configuration error when ROBOTS_LARGE_PREVIEWS is neither on nor off", async () => {
    const page = await pageWith({ ROBOTS_LARGE_PREVIEWS: "maybe" }, "/");
    expect(page.status).toBe(500);
    expect(JSON.parse(page.html).details).toEqual(["ROBOTS_LARGE_PREVIEWS must be one of on, off"]);
  });

  it("is only on article pages: not on listings, error pages, drafts or the share form, which stays noindex", async () => {
    for (const path of ["/", "/authors/jane-roe", "/nowhere", "/articles/a-draft"]) {
      expect(await (await request(path)).text(), path).not.toContain('name="robots"');
    }
    expect((await request("/articles/a-draft")).status).toBe(404);
    const form = await request("/share/robots-on/mastodon");
    expect(form.status).toBe(200);
    expect(form.headers.get("X-Robots-Tag")).toBe("noindex, nofollow");
    expect(await form.text()).not.toContain('name="robots"');
  });
});
