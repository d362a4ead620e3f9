import { parseAtomFeed, parseJsonFeed, parseRssFeed } from "feedsmith";
import { beforeAll, describe, expect, it } from "vitest";
import { SLUG_RULE } from "../../src/articles/slug";
import { findAll, parseStrictXml } from "../feeds/strict-xml";
import { adminApi, htmlArticleInput, request, tableCounts } from "../helpers";

// Articles, authors, tags and sections named in Hebrew, Arabic and Greek, filed through the admin
// API and read back through every public URL that carries a slug.

const SITE = "https://news.example";
const ARTICLE = "חדשות-היום";
const AUTHOR = "לורין מוי";
const AUTHOR_SLUG = "לורין-מוי";
const TAG = "ביטחון";
const SECTION = "Ελλάδα";
const SECTION_SLUG = "ελλάδα";
const BROWSER = { "User-Agent": "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605.1.15 Safari/605.1.15" };

const enc = encodeURIComponent;
/** The same path with lower-case hex, as WordPress writes it. */
const lowerHex = (path: string) => path.replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase());

// biome-ignore lint/suspicious/noExplicitAny: answers are read field by field and each field is asserted.
async function json(res: Response): Promise<any> {
  return res.json();
}

let created: Response;

beforeAll(async () => {
  created = await adminApi(
    "PUT",
    `/${enc(ARTICLE)}`,
    htmlArticleInput({
      title: "חדשות היום: הכנסת מאשרת את התקציב",
      authors: [{ name: AUTHOR }],
      tags: [TAG],
      section: SECTION,
      bodyHtml: "<p>הכנסת אישרה הלילה את תקציב המדינה.</p><p>פסקה שנייה.</p>",
    }),
  );
});

describe("a Hebrew article through the admin API", () => {
  it("is created (201) with Unicode slugs derived from its names, and a percent-encoded Location", async () => {
    expect(created.status, await created.clone().text()).toBe(201);
    const { article } = await json(created.clone());
    expect(article.slug).toBe(ARTICLE);
    expect(article.authors).toEqual([{ name: AUTHOR, slug: AUTHOR_SLUG }]);
    expect(article.tags).toEqual([{ name: TAG, slug: TAG }]);
    expect(article.section).toEqual({ name: SECTION, slug: SECTION_SLUG });
    expect(article.canonicalUrl).toBe(`${SITE}/articles/${enc(ARTICLE)}`);
    const location = created.headers.get("Location") ?? "";
    expect(location).toBe(`/api/articles/${enc(ARTICLE)}`);
    expect((await json(await adminApi("GET", location.slice("/api/articles".length)))).slug).toBe(ARTICLE);
  });

  it("is found by the admin API whatever the hex case or normal form of its slug", async () => {
    expect((await adminApi("GET", lowerHex(`/${enc(ARTICLE)}`))).status).toBe(200);
    const greek = await adminApi("PUT", `/${enc("αθήνα-σήμερα".normalize("NFD"))}`, htmlArticleInput({ title: "Αθήνα σήμερα" }));
    expect(greek.status).toBe(201);
    expect((await json(greek)).article.slug).toBe("αθήνα-σήμερα");
    expect((await adminApi("GET", `/${enc("αθήνα-σήμερα")}`)).status).toBe(200);
    // A body slug in NFD is the same slug as the path's NFC one.
    const again = await adminApi(
      "PUT",
      `/${enc("αθήνα-σήμερα")}`,
      htmlArticleInput({ title: "Αθήνα σήμερα", slug: "αθήνα-σήμερα".normalize("NFD") }),
    );
    expect(again.status).toBe(200);
  });

  it("has its page at the encoded URL, with encoded canonical, author, section and card URLs", async () => {
    const res = await request(`/articles/${enc(ARTICLE)}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`<link rel="canonical" href="${SITE}/articles/${enc(ARTICLE)}"/>`);
    expect(html).toContain(`<a href="${SITE}/authors/${enc(AUTHOR_SLUG)}">${AUTHOR}</a>`);
    expect(html).toContain(`<a href="${SITE}/categories/${enc(SECTION_SLUG)}">${SECTION}</a>`);
    const card = html.match(/<meta property="og:image" content="([^"]+)"/)?.[1] ?? "";
    expect(card.startsWith(`${SITE}/cards/${enc(ARTICLE)}.`)).toBe(true);
    const image = await request(new URL(card.replaceAll("&amp;", "&")).pathname + new URL(card.replaceAll("&amp;", "&")).search);
    expect(image.status).toBe(200);
    expect(image.headers.get("Content-Type")).toMatch(/^image\//);
  });

  it("answers the same page, under the same canonical URL, for lower-case hex and for NFD", async () => {
    const canonical = `<link rel="canonical" href="${SITE}/articles/${enc(ARTICLE)}"/>`;
    const lower = await request(lowerHex(`/articles/${enc(ARTICLE)}`));
    expect(lower.status).toBe(200);
    expect(await lower.text()).toContain(canonical);
    const greekCanonical = `<link rel="canonical" href="${SITE}/articles/${enc("αθήνα-σήμερα")}"/>`;
    const nfd = await request(`/articles/${enc("αθήνα-σήμερα".normalize("NFD"))}`);
    expect(nfd.status).toBe(200);
    expect(await nfd.text()).toContain(greekCanonical);
    const section = await request(`/categories/${enc(SECTION_SLUG.normalize("NFD"))}`);
    expect(section.status).toBe(200);
    expect(await section.text()).toContain(`<link rel="canonical" href="${SITE}/categories/${enc(SECTION_SLUG)}"/>`);
  });

  it("has an author page at /authors/<encoded slug> that names the author", async () => {
    const res = await request(`/authors/${enc(AUTHOR_SLUG)}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`<h1>${AUTHOR}</h1>`);
    expect(html).toContain(`<link rel="canonical" href="${SITE}/authors/${enc(AUTHOR_SLUG)}"/>`);
    expect(html).toContain(`href="${SITE}/authors/${enc(AUTHOR_SLUG)}/feed.xml"`);
    expect(html).toContain(`<a href="${SITE}/articles/${enc(ARTICLE)}">`);
  });

  it("has author feeds that parse and link to the author page and the article", async () => {
    const authorUrl = `${SITE}/authors/${enc(AUTHOR_SLUG)}`;
    const articleUrl = `${SITE}/articles/${enc(ARTICLE)}`;

    const rssXml = await (await request(`/authors/${enc(AUTHOR_SLUG)}/feed.xml`)).text();
    expect(() => parseStrictXml(rssXml)).not.toThrow();
    const rss = parseRssFeed(rssXml);
    expect(rss.link).toBe(authorUrl);
    expect(rss.items?.[0]?.link).toBe(articleUrl);
    expect(rss.items?.[0]?.dc?.creators).toContain(AUTHOR);
    const categoryDomains = findAll(parseStrictXml(rssXml), "category").map((category) => category.attributes.domain);
    expect(categoryDomains).toContain(`${SITE}/categories/${enc(SECTION_SLUG)}`);
    const self = findAll(parseStrictXml(rssXml), "atom:link").find((link) => link.attributes.rel === "self");
    expect(self?.attributes.href).toBe(`${authorUrl}/feed.xml`);

    const atomXml = await (await request(`/authors/${enc(AUTHOR_SLUG)}/atom.xml`)).text();
    expect(() => parseStrictXml(atomXml)).not.toThrow();
    const atom = parseAtomFeed(atomXml);
    const entry = atom.entries?.[0];
    expect(entry?.links?.map((link) => link.href)).toContain(articleUrl);
    expect(entry?.authors?.[0]).toMatchObject({ name: AUTHOR, uri: authorUrl });
    expect(entry?.categories?.map((category) => category.term)).toEqual([SECTION_SLUG, TAG]);

    const feed = parseJsonFeed(await (await request(`/authors/${enc(AUTHOR_SLUG)}/feed.json`)).json());
    expect(feed.home_page_url).toBe(authorUrl);
    expect(feed.feed_url).toBe(`${authorUrl}/feed.json`);
    expect(feed.items?.[0]?.url).toBe(articleUrl);
    expect(feed.items?.[0]?.authors?.[0]).toEqual({ name: AUTHOR, url: authorUrl });
  });

  it("is in the sitemap under an encoded URL that leads back to it", async () => {
    const xml = await (await request("/sitemap.xml")).text();
    const locs = findAll(parseStrictXml(xml), "loc").map((loc) => loc.text);
    const loc = locs.find((url) => url.includes(enc(ARTICLE)));
    expect(loc).toBe(`${SITE}/articles/${enc(ARTICLE)}`);
    // Sitemaps list URLs as RFC 3986 writes them: ASCII only.
    for (const url of locs) expect(url).toMatch(/^[\x21-\x7E]+$/);
    const path = new URL(loc ?? "").pathname;
    expect(decodeURIComponent(path.split("/").pop() ?? "")).toBe(ARTICLE);
    expect((await request(path)).status).toBe(200);
  });

  it("has share links that redirect to the platform with the encoded canonical URL", async () => {
    const canonical = `${SITE}/articles/${enc(ARTICLE)}`;
    const page = await (await request(`/articles/${enc(ARTICLE)}`)).text();
    expect(page).toContain(`href="${SITE}/share/${enc(ARTICLE)}/facebook"`);
    for (const path of [`/share/${enc(ARTICLE)}/facebook`, lowerHex(`/share/${enc(ARTICLE)}/facebook`)]) {
      const res = await request(path, { redirect: "manual", headers: BROWSER });
      expect(res.status, path).toBe(302);
      const location = res.headers.get("Location") ?? "";
      expect(location).toBe(`https://www.facebook.com/sharer/sharer.php?u=${enc(canonical)}`);
      expect(new URL(location).searchParams.get("u")).toBe(canonical);
    }
    const x = await request(`/share/${enc(ARTICLE)}/x`, { redirect: "manual", headers: BROWSER });
    expect(new URL(x.headers.get("Location") ?? "").searchParams.get("url")).toBe(canonical);
    const totals = await request(`/api/articles/${enc(ARTICLE)}/shares`);
    expect(totals.status).toBe(200);
    expect((await json(totals)).slug).toBe(ARTICLE);
  });

  it("has an oEmbed answer for its URL, whatever the hex case", async () => {
    for (const url of [`${SITE}/articles/${enc(ARTICLE)}`, lowerHex(`${SITE}/articles/${enc(ARTICLE)}`), `${SITE}/articles/${ARTICLE}`]) {
      const res = await request(`/oembed?${new URLSearchParams({ url, format: "json" })}`);
      expect(res.status, url).toBe(200);
      expect((await json(res)).author_url).toBe(`${SITE}/authors/${enc(AUTHOR_SLUG)}`);
    }
  });
});

describe("an Arabic author", () => {
  it("gets an Arabic slug, not a transliteration, and a page under it", async () => {
    const res = await adminApi("PUT", "/arabic-author", htmlArticleInput({ authors: ["لورين موي"] }));
    expect(res.status).toBe(201);
    const { article } = await json(res);
    expect(article.authors[0].slug).toBe("لورين-موي");
    expect(article.authors[0].slug).not.toBe("lwryn-mwy");
    const page = await request(`/authors/${enc("لورين-موي")}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("<h1>لورين موي</h1>");
    expect((await request("/authors/lwryn-mwy")).status).toBe(404);
  });
});

describe("hostile slugs get a clear 4xx, never a 500, and write nothing", () => {
  const hostile: [string, string][] = [
    ["dot-dot", "%2E%2E"],
    ["an encoded slash", "a%2Fb"],
    ["a lone encoded slash", "%2F"],
    ["a space", "a%20b"],
    ["upper case", "Iraq"],
    ["upper-case Cyrillic", enc("Новости")],
    ["an emoji", enc("party-🎉")],
    ["a direction mark", enc("שלום\u200F")],
    ["broken percent-encoding", "bad%E2%82"],
    ["a double-encoded letter", "%2561"],
    ["over-long", "a".repeat(121)],
    ["over-long Unicode", enc("ש".repeat(121))],
  ];

  it.each(hostile)("PUT with %s in the path", async (_what, segment) => {
    const before = await tableCounts();
    const res = await adminApi("PUT", `/${segment}`, htmlArticleInput());
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.headers.get("Content-Type")).toMatch(/^application\/json/);
    const body = await json(res);
    expect(typeof body.error).toBe("string");
    expect(body.details.length).toBeGreaterThan(0);
    expect(await tableCounts()).toEqual(before);
  });

  it("names the slug rule for a slug the path can carry", async () => {
    const body = await json(await adminApi("PUT", `/${enc("party-🎉")}`, htmlArticleInput()));
    expect(body).toEqual({ error: "invalid article", details: [{ field: "slug", message: `must be ${SLUG_RULE}` }] });
    // "..": the URL itself resolves it away, leaving the API's own path, a JSON 404.
    const dots = await adminApi("PUT", "/..", htmlArticleInput());
    expect(dots.status).toBe(404);
    expect((await json(dots)).error).toBe("not found");
  });

  it("refuses a hostile slug or an unusable name in the body", async () => {
    for (const slug of ["..", "a/b", "Iraq", "party-🎉", "ש".repeat(121)]) {
      const res = await adminApi("PUT", "/fine-slug", htmlArticleInput({ authors: [{ name: "Jane Roe", slug }] }));
      expect(res.status, slug).toBe(422);
      expect((await json(res)).details).toEqual([{ field: "authors.0.slug", message: `must be ${SLUG_RULE}` }]);
    }
    const emoji = await adminApi("PUT", "/fine-slug", htmlArticleInput({ authors: ["🎉"] }));
    expect(emoji.status).toBe(422);
    expect((await json(emoji)).details).toEqual([{ field: "authors.0", message: 'cannot derive a slug from "🎉"; give { name, slug }' }]);
  });

  it("is a 404 on every public route", async () => {
    for (const path of [
      "/articles/a%2Fb",
      "/articles/Iraq",
      `/articles/${enc("🎉")}`,
      "/authors/bad%E2%82",
      `/categories/${enc("ש".repeat(121))}`,
      "/authors/a%20b/feed.xml",
      `/share/${enc("🎉")}/facebook`,
      "/cards/a%2Fb.png",
      `/api/articles/${enc("🎉")}/shares`,
    ]) {
      const res = await request(path, { headers: BROWSER });
      expect(res.status, path).toBe(404);
    }
  });
});
