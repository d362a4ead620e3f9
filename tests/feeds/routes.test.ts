import { parseAtomFeed, parseJsonFeed, parseRssFeed } from "feedsmith";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { adminApi, htmlArticleInput, request, seedArticleInput } from "../helpers";
import { findAll, findOne, parseStrictXml } from "./strict-xml";

const SEED_SLUG = "iraqi-prime-minister-survives-drone-attack";
const HOSTILE_TITLE = `Tom & Jerry <script>alert(1)</script> ]]> and ]]> \u0001 🚀 مرحبا بالعالم ${"long ".repeat(40)}`.trim();

let hostileAuthorSlug = "";
let hostileSectionSlug = "";

beforeAll(async () => {
  expect((await adminApi("PUT", `/${SEED_SLUG}`, seedArticleInput())).status).toBe(201);
  const hostile = await adminApi("PUT", "/hostile-feed-article", {
    title: HOSTILE_TITLE,
    publishedAt: "2024-06-01T12:00:00Z",
    authors: [{ name: "O'Brien & <Sons> ]]>" }, { name: "محمد الأحمد", slug: "mohammed-al-ahmad" }],
    section: "R&D <Lab>",
    tags: ["a&b", "<tag>", "x ]]> y"],
    leadImage: { url: "https://images.example/photo.jpg?w=1200&h=630", alt: "Drone <debris> & smoke", width: 1200, height: 630 },
    bodyHtml: `<p>Body with ]]> and ]]> again, &amp; emoji 🎉, RTL עברית, control \u0002 char.</p><p>${"long paragraph ".repeat(800)}</p>`,
  });
  expect(hostile.status, await hostile.clone().text()).toBe(201);
  const article = (await hostile.json<{ article: { authors: { slug: string }[]; section: { slug: string } } }>()).article;
  hostileAuthorSlug = article.authors[0]?.slug ?? "";
  hostileSectionSlug = article.section.slug;
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** Each path answers 301 to its pair on SITE_URL. */
async function expectPermanentRedirects(pairs: [string, string][]) {
  for (const [from, to] of pairs) {
    const res = await request(from, { redirect: "manual" });
    expect(res.status, from).toBe(301);
    expect(res.headers.get("Location")).toBe(`https://news.example${to}`);
  }
}

function feedPaths(): string[] {
  const scopes = ["", "/authors/lauren-moye", "/categories/world", `/authors/${hostileAuthorSlug}`, `/categories/${hostileSectionSlug}`];
  return scopes.flatMap((scope) => [`${scope}/feed.xml`, `${scope}/atom.xml`, `${scope}/feed.json`]);
}

describe("every feed route", () => {
  it("is valid: strict XML for RSS and Atom, a real feed parser for all three", async () => {
    for (const path of feedPaths()) {
      const res = await request(path);
      expect(res.status, path).toBe(200);
      const body = await res.text();
      if (path.endsWith(".json")) {
        const feed = parseJsonFeed(JSON.parse(body));
        expect(feed.items?.length, path).toBeGreaterThan(0);
      } else {
        expect(() => parseStrictXml(body), path).not.toThrow();
        const count = path.endsWith("atom.xml") ? parseAtomFeed(body).entries?.length : parseRssFeed(body).items?.length;
        expect(count, path).toBeGreaterThan(0);
      }
    }
  });

  it("answers with the right content types", async () => {
    expect((await request("/feed.xml")).headers.get("Content-Type")).toBe("application/rss+xml; charset=utf-8");
    expect((await request("/atom.xml")).headers.get("Content-Type")).toBe("application/atom+xml; charset=utf-8");
    expect((await request("/feed.json")).headers.get("Content-Type")).toBe("application/feed+json; charset=utf-8");
  });
});

describe("RSS item for the seed article", () => {
  it("carries title, link, guid, dates, author, categories, summary and full content", async () => {
    const root = parseStrictXml(await (await request("/feed.xml")).text());
    const channel = findOne(root, "channel");
    expect(findOne(channel, "title").text).toBe("FISM News");
    expect(findOne(channel, "language").text).toBe("en-US");
    expect(findAll(channel, "atom:link").find((l) => l.attributes.rel === "self")?.attributes).toEqual({
      href: "https://news.example/feed.xml",
      rel: "self",
      type: "application/rss+xml",
    });
    const item = findAll(root, "item").find((i) => findOne(i, "link").text.endsWith(SEED_SLUG));
    if (!item) throw new Error("seed item missing");
    expect(findOne(item, "title").text).toBe("Iraqi prime minister survives drone attack on his Baghdad residence");
    expect(findOne(item, "guid").attributes.isPermaLink).toBe("false");
    expect(findOne(item, "guid").text).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
    expect(findOne(item, "pubDate").text).toBe("Sun, 07 Nov 2021 00:00:00 GMT");
    expect(findAll(item, "dc:creator").map((c) => c.text)).toEqual(["Lauren Moye"]);
    expect(findAll(item, "category").map((c) => c.text)).toEqual(["World", "Iraq", "Middle East"]);
    expect(findOne(item, "description").text).toMatch(/^Three armed drones targeted/);
    const content = findOne(item, "content:encoded").text;
    // The plain row of share links where the shortcode stood, then the eleven paragraphs.
    expect(
      content.startsWith(
        '<p>Share: <a href="https://news.example/share/iraqi-prime-minister-survives-drone-attack/facebook" rel="nofollow noopener">Facebook</a>',
      ),
    ).toBe(true);
    expect(content).not.toMatch(/<script|<style|<button/);
    expect(content.match(/<p>/g)).toHaveLength(12);
    expect(content).not.toMatch(/elfsight|herald-share|Leave a Reply/);
  });

  it("keeps the guid when the article is edited or renamed", async () => {
    const guidOf = async (slug: string) => {
      const root = parseStrictXml(await (await request("/feed.xml")).text());
      const item = findAll(root, "item").find((i) => findOne(i, "link").text.endsWith(`/articles/${slug}`));
      return item ? findOne(item, "guid").text : undefined;
    };
    const created = (
      await (await adminApi("PUT", "/guid-stable", htmlArticleInput({ publishedAt: "2026-01-01" }))).json<{ article: { id: string } }>()
    ).article;
    const before = await guidOf("guid-stable");
    await adminApi("PUT", "/guid-stable-renamed", htmlArticleInput({ id: created.id, title: "Edited", publishedAt: "2026-01-01" }));
    expect(before).toBeDefined();
    expect(await guidOf("guid-stable-renamed")).toBe(before);
  });
});

describe("embeds", () => {
  it("turn into links in feed content, since readers do not run iframes", async () => {
    await adminApi(
      "PUT",
      "/with-video",
      htmlArticleInput({
        section: "Video",
        bodyHtml: '<p>Watch:</p><iframe src="https://www.youtube.com/embed/abc123" title="The briefing"></iframe>',
      }),
    );
    const item = findOne(parseStrictXml(await (await request("/categories/video/feed.xml")).text()), "item");
    const content = findOne(item, "content:encoded").text;
    expect(content).not.toContain("<iframe");
    expect(content).toContain('<a href="https://www.youtube.com/embed/abc123">The briefing</a>');
    // The page itself keeps the player.
    expect(await (await request("/articles/with-video")).text()).toMatch(/<iframe [^>]*src="https:\/\/www\.youtube\.com\/embed\/abc123"/);
  });
});

describe("hostile strings", () => {
  it("come out intact (minus the control characters the API removes) in every format", async () => {
    // The API removes the control character; the spaces either side of it become one.
    const expectedTitle = HOSTILE_TITLE.replace(" \u0001", "");
    const rss = parseRssFeed(await (await request(`/authors/${hostileAuthorSlug}/feed.xml`)).text());
    expect(rss.items?.[0]?.title).toBe(expectedTitle);
    expect(rss.items?.[0]?.dc?.creators).toEqual(["O'Brien & <Sons> ]]>", "محمد الأحمد"]);
    expect(rss.items?.[0]?.categories?.map((c) => c.name)).toEqual(["R&D <Lab>", "a&b", "<tag>", "x ]]> y"]);
    expect(rss.items?.[0]?.media?.contents?.[0]).toMatchObject({
      url: "https://images.example/photo.jpg?w=1200&h=630",
      type: "image/jpeg",
      width: 1200,
      height: 630,
    });

    const atom = parseStrictXml(await (await request(`/categories/${hostileSectionSlug}/atom.xml`)).text());
    const entry = findOne(atom, "entry");
    expect(findOne(entry, "title").text).toBe(expectedTitle.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;"));
    expect(findAll(entry, "link").find((l) => l.attributes.rel === "enclosure")?.attributes.type).toBe("image/jpeg");
    expect(findOne(entry, "content").text).toContain("Body with ]]&gt; and ]]&gt; again, &amp; emoji 🎉, RTL עברית");

    const json = await (await request(`/authors/mohammed-al-ahmad/feed.json`)).json<{
      items: { title: string; image: string; content_html: string }[];
    }>();
    expect(json.items[0]?.title).toBe(expectedTitle);
    expect(json.items[0]?.image).toBe("https://images.example/photo.jpg?w=1200&h=630");
    expect(
      json.items[0]?.content_html.startsWith(
        '<figure><img src="https://images.example/photo.jpg?w=1200&amp;h=630" alt="Drone <debris> &amp; smoke"',
      ),
    ).toBe(true);
  });
});

describe("HTTP", () => {
  it("sends ETag, Last-Modified, Cache-Control and WebSub Link headers", async () => {
    const res = await request("/feed.xml");
    expect(res.headers.get("ETag")).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    expect(new Date(res.headers.get("Last-Modified") ?? "").toString()).not.toBe("Invalid Date");
    expect(res.headers.get("Cache-Control")).toBe("public, max-age=60, stale-while-revalidate=300, stale-if-error=86400");
    expect(res.headers.get("Link")).toBe('<https://news.example/feed.xml>; rel="self"');
  });

  it("answers If-None-Match (weak comparison) and If-Modified-Since with 304 and no body", async () => {
    for (const path of ["/feed.xml", "/atom.xml?limit=3", "/feed.json?limit=1&page=2"]) {
      const first = await request(path);
      const etag = first.headers.get("ETag") ?? "";
      const lastModified = first.headers.get("Last-Modified") ?? "";
      const byTag = await request(path, { headers: { "If-None-Match": `"other", W/${etag}` } });
      expect(byTag.status, path).toBe(304);
      expect(await byTag.text()).toBe("");
      expect(byTag.headers.get("ETag")).toBe(etag);
      expect((await request(path, { headers: { "If-Modified-Since": lastModified } })).status, path).toBe(304);
      expect((await request(path, { headers: { "If-None-Match": '"stale"' } })).status, path).toBe(200);
      const older = new Date(Date.parse(lastModified) - 1000).toUTCString();
      expect((await request(path, { headers: { "If-Modified-Since": older } })).status, path).toBe(200);
    }
  });

  it("answers HEAD with the headers and no body", async () => {
    const res = await request("/atom.xml", { method: "HEAD" });
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("application/atom+xml; charset=utf-8");
    expect(res.headers.get("ETag")).toBeTruthy();
    expect(await res.text()).toBe("");
  });

  it("redirects a non-canonical page query, so the self link is always the URL fetched", async () => {
    await expectPermanentRedirects([
      ["/feed.xml?limit=20", "/feed.xml"],
      ["/feed.xml?page=1", "/feed.xml"],
      ["/atom.xml?page=1&limit=5", "/atom.xml?limit=5"],
      ["/feed.json?page=2&limit=1", "/feed.json?limit=1&page=2"],
    ]);
  });

  it("rejects a bad page or limit with 400 and a short text body", async () => {
    for (const query of ["limit=0", "limit=101", "limit=abc", "limit=2e1", "page=0", "page=-1", "page=1.5"]) {
      const res = await request(`/feed.xml?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.headers.get("Content-Type")).toMatch(/^text\/plain/);
      expect((await res.text()).length).toBeLessThan(100);
    }
  });

  it("answers 404 for unknown authors and categories and for pages past the last", async () => {
    expect((await request("/authors/nobody-at-all/feed.xml")).status).toBe(404);
    expect((await request("/categories/no-such-section/atom.xml")).status).toBe(404);
    expect((await request("/authors/Bad_Slug/feed.json")).status).toBe(404);
    expect((await request("/feed.xml?page=9999")).status).toBe(404);
  });

  it("keeps WordPress feed paths as permanent redirects", async () => {
    await expectPermanentRedirects([
      ["/feed/", "/feed.xml"],
      ["/feed", "/feed.xml"],
      ["/feed/atom/", "/atom.xml"],
      ["/feed/rss2/", "/feed.xml"],
      ["/author/lauren-moye/feed/", "/authors/lauren-moye/feed.xml"],
      ["/author/lauren-moye/feed", "/authors/lauren-moye/feed.xml"],
      ["/category/world/feed/", "/categories/world/feed.xml"],
    ]);
  });
});

describe("paging (RFC 5005)", () => {
  it("links first, previous, next and last in all three formats", async () => {
    for (let i = 0; i < 5; i++)
      await adminApi("PUT", `/paged-${i}`, htmlArticleInput({ publishedAt: `2026-02-0${i + 1}`, section: "Paged" }));
    const rss = parseStrictXml(await (await request("/categories/paged/feed.xml?limit=2&page=2")).text());
    const rels = Object.fromEntries(findAll(rss, "atom:link").map((l) => [l.attributes.rel, l.attributes.href]));
    expect(rels).toMatchObject({
      self: "https://news.example/categories/paged/feed.xml?limit=2&page=2",
      first: "https://news.example/categories/paged/feed.xml?limit=2",
      previous: "https://news.example/categories/paged/feed.xml?limit=2",
      next: "https://news.example/categories/paged/feed.xml?limit=2&page=3",
      last: "https://news.example/categories/paged/feed.xml?limit=2&page=3",
    });
    expect(findAll(rss, "item").map((i) => findOne(i, "link").text)).toEqual([
      "https://news.example/articles/paged-2",
      "https://news.example/articles/paged-1",
    ]);

    const atom = parseAtomFeed(await (await request("/categories/paged/atom.xml?limit=2&page=3")).text());
    const atomRels = Object.fromEntries((atom.links ?? []).map((l) => [l.rel, l.href]));
    expect(atomRels.previous).toBe("https://news.example/categories/paged/atom.xml?limit=2&page=2");
    expect(atomRels.next).toBeUndefined();
    expect(atom.entries?.map((e) => e.links?.[0]?.href)).toEqual(["https://news.example/articles/paged-0"]);

    const json = await (await request("/categories/paged/feed.json?limit=2")).json<{ next_url?: string }>();
    expect(json.next_url).toBe("https://news.example/categories/paged/feed.json?limit=2&page=2");
    const lastJson = await (await request("/categories/paged/feed.json?limit=2&page=3")).json<{ next_url?: string }>();
    expect(lastJson.next_url).toBeUndefined();
  });
});

describe("autodiscovery", () => {
  it("announces site feeds on the home and article pages, and their own on author and category pages", async () => {
    const alternates = async (path: string) =>
      [...(await (await request(path)).text()).matchAll(/<link rel="alternate" type="([^"]+)" title="[^"]*" href="([^"]+)"\/>/g)].map(
        (m) => `${m[1]} ${m[2]}`,
      );
    const site = [
      "application/rss+xml https://news.example/feed.xml",
      "application/atom+xml https://news.example/atom.xml",
      "application/feed+json https://news.example/feed.json",
    ];
    expect(await alternates("/")).toEqual(site);
    expect(await alternates(`/articles/${SEED_SLUG}`)).toEqual(site);
    expect(await alternates("/authors/lauren-moye")).toEqual([
      "application/rss+xml https://news.example/authors/lauren-moye/feed.xml",
      "application/atom+xml https://news.example/authors/lauren-moye/atom.xml",
      "application/feed+json https://news.example/authors/lauren-moye/feed.json",
    ]);
    expect((await alternates("/categories/world"))[0]).toBe("application/rss+xml https://news.example/categories/world/feed.xml");
  });
});

describe("search syndication", () => {
  it("lists published articles in /sitemap.xml", async () => {
    const root = parseStrictXml(await (await request("/sitemap.xml")).text());
    expect(root.uri).toBe("http://www.sitemaps.org/schemas/sitemap/0.9");
    const locs = findAll(root, "loc").map((l) => l.text);
    expect(locs).toContain(`https://news.example/articles/${SEED_SLUG}`);
    expect(locs).toContain("https://news.example/articles/hostile-feed-article");
  });

  it("lists only the last 48 hours in /news-sitemap.xml, with publication, language and title", async () => {
    const recent = new Date(Date.now() - 60 * 60 * 1000).toISOString();
    await adminApi("PUT", "/fresh-news", htmlArticleInput({ title: "Fresh & <new>", publishedAt: recent }));
    const root = parseStrictXml(await (await request("/news-sitemap.xml")).text());
    const urls = findAll(root, "url");
    expect(urls.map((u) => findOne(u, "loc").text)).toEqual(["https://news.example/articles/fresh-news"]);
    const news = findOne(urls[0]!, "news:news");
    expect(news.uri).toBe("http://www.google.com/schemas/sitemap-news/0.9");
    expect(findOne(news, "news:name").text).toBe("FISM News");
    expect(findOne(news, "news:language").text).toBe("en");
    expect(findOne(news, "news:title").text).toBe("Fresh & <new>");
    expect(findOne(news, "news:publication_date").text).toBe(new Date(recent).toISOString());
  });

  it("names both sitemaps in /robots.txt", async () => {
    const text = await (await request("/robots.txt")).text();
    expect(text).toContain("Sitemap: https://news.example/sitemap.xml");
    expect(text).toContain("Sitemap: https://news.example/news-sitemap.xml");
    expect(text).toContain("Disallow: /api/");
  });
});
