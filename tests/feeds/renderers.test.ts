import { parseAtomFeed, parseJsonFeed, parseRssFeed } from "feedsmith";
import { describe, expect, it } from "vitest";
import { renderAtom } from "../../src/feeds/atom";
import { renderJsonFeed } from "../../src/feeds/json-feed";
import type { FeedDocument, FeedEntry } from "../../src/feeds/model";
import { renderRss } from "../../src/feeds/rss";
import { xmlChars } from "../../src/feeds/xml-adapter";
import { findAll, findOne, parseStrictXml } from "./strict-xml";

const HOSTILE = "Tom & Jerry <b>bold</b> ]]> twice ]]> \u0001\u0008\u001f\uFFFE 🚀 مرحبا עברית";
const CLEAN = "Tom & Jerry <b>bold</b> ]]> twice ]]>  🚀 مرحبا עברית";

function entry(overrides: Partial<FeedEntry> = {}): FeedEntry {
  return {
    id: "urn:uuid:0d9d5c0e-3c55-4a3e-9a63-6f4f4a0b2a51",
    url: "https://news.example/articles/a?x=1&y=2",
    title: HOSTILE,
    summary: `Summary ${HOSTILE}`,
    contentHtml: `<p>Body ]]> and ]]> and ]]&gt; \u0002 &amp; 🎉</p>`,
    published: "2024-01-01T00:00:00.000Z",
    updated: "2024-01-02T00:00:00.000Z",
    authors: [
      { name: "O'Brien & <Sons>", url: "https://news.example/authors/obrien" },
      { name: "محمد الأحمد", url: "https://news.example/authors/mohammed" },
    ],
    categories: [
      { name: 'R&D <Lab> "quoted"', slug: "r-d", url: "https://news.example/categories/r-d?a=1&b=2" },
      { name: "x ]]> y", slug: "x-y" },
    ],
    image: { url: "https://img.example/photo.jpg?w=1200&h=630", alt: "A <photo> & more", type: "image/jpeg", width: 1200, height: 630 },
    ...overrides,
  };
}

function doc(overrides: Partial<FeedDocument> = {}): FeedDocument {
  return {
    title: `Site ${HOSTILE}`,
    description: `About ${HOSTILE}`,
    homeUrl: "https://news.example/",
    language: "en-US",
    updated: "2024-01-02T00:00:00.000Z",
    self: {
      rss: "https://news.example/feed.xml?limit=5&page=2",
      atom: "https://news.example/atom.xml?limit=5&page=2",
      json: "https://news.example/feed.json?limit=5&page=2",
    },
    paging: {
      rss: {
        first: "https://news.example/feed.xml?limit=5",
        previous: "https://news.example/feed.xml?limit=5",
        next: "https://news.example/feed.xml?limit=5&page=3",
        last: "https://news.example/feed.xml?limit=5&page=9",
      },
      atom: {
        first: "https://news.example/atom.xml?limit=5",
        previous: "https://news.example/atom.xml?limit=5",
        next: "https://news.example/atom.xml?limit=5&page=3",
        last: "https://news.example/atom.xml?limit=5&page=9",
      },
      json: {
        first: "https://news.example/feed.json?limit=5",
        next: "https://news.example/feed.json?limit=5&page=3",
        last: "https://news.example/feed.json?limit=5&page=9",
      },
    },
    hubs: ["https://hub.example/", "https://other-hub.example/publish?x=1&y=2"],
    icon: "https://news.example/icon.png",
    generator: "Herald",
    entries: [entry(), entry({ id: "urn:uuid:6f9619ff-8b86-d011-b42d-00cf4fc964ff", contentHtml: "", image: undefined, categories: [] })],
    ...overrides,
  };
}

describe("feed 6.0.0 defects, fixed by the adapter", () => {
  it("1. strips XML-illegal control characters instead of breaking the document", () => {
    const rss = renderRss(doc());
    const atom = renderAtom(doc());
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the characters XML 1.0 forbids must not reach the feed.
    expect(rss).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe]/);
    expect(findOne(parseStrictXml(rss), "title").text).toBe(`Site ${CLEAN}`);
    expect(findOne(findOne(parseStrictXml(atom), "entry"), "title").text).toContain("\u{1F680}");
  });

  it("2. keeps any number of ]]> inside CDATA intact", () => {
    const item = findOne(parseStrictXml(renderRss(doc())), "item");
    expect(findOne(item, "title").text).toBe(CLEAN);
    expect(findOne(item, "content:encoded").text).toBe("<p>Body ]]> and ]]> and ]]&gt;  &amp; 🎉</p>");
    const atomEntry = findOne(parseStrictXml(renderAtom(doc())), "entry");
    expect(findOne(atomEntry, "content").text).toBe("<p>Body ]]> and ]]> and ]]&gt;  &amp; 🎉</p>");
  });

  it("3. escapes every attribute: < in an Atom category label, & in an RSS category domain", () => {
    const rssCategory = findOne(parseStrictXml(renderRss(doc())), "category");
    expect(rssCategory.attributes.domain).toBe("https://news.example/categories/r-d?a=1&b=2");
    expect(rssCategory.text).toBe('R&D <Lab> "quoted"');
    const atomCategory = findOne(parseStrictXml(renderAtom(doc())), "category");
    expect(atomCategory.attributes).toEqual({ label: 'R&D <Lab> "quoted"', term: "r-d" });
  });

  it("3b. keeps tab, LF and CR in attribute values, which a parser would read as spaces unescaped", () => {
    // Found by tests/properties: a tag "Baghdad\t&" came out of Atom as "Baghdad  &".
    const categories = [{ name: "tab\there\nline\rend", slug: "t" }];
    const image = { url: "https://img.example/a.jpg", alt: "two\nlines\tand tab", type: "image/jpeg" };
    const atomEntry = findOne(parseStrictXml(renderAtom(doc({ entries: [entry({ categories, image })] }))), "entry");
    expect(findOne(atomEntry, "category").attributes.label).toBe("tab\there\nline\rend");
    expect(findAll(atomEntry, "link").find((l) => l.attributes.rel === "enclosure")?.attributes.title).toBe("two\nlines\tand tab");
  });

  it("4. writes images as Media RSS and Atom enclosures with their real type, never length=0 or image/jpg", () => {
    const rss = renderRss(doc());
    expect(rss).not.toContain("<enclosure");
    const media = findOne(parseStrictXml(rss), "media:content");
    expect(media.attributes).toMatchObject({
      url: "https://img.example/photo.jpg?w=1200&h=630",
      type: "image/jpeg",
      medium: "image",
      width: "1200",
      height: "630",
    });
    expect(findOne(media, "media:thumbnail").attributes.url).toBe("https://img.example/photo.jpg?w=1200&h=630");
    expect(findOne(media, "media:description").text).toBe("A <photo> & more");
    const enclosure = findAll(parseStrictXml(renderAtom(doc())), "link").find((link) => link.attributes.rel === "enclosure");
    expect(enclosure?.attributes).toEqual({
      rel: "enclosure",
      href: "https://img.example/photo.jpg?w=1200&h=630",
      type: "image/jpeg",
      title: "A <photo> & more",
    });
    expect(renderAtom(doc())).not.toContain("image/jpg");
  });

  it("5. writes one dc:creator per author and declares every namespace, even when no item has content", () => {
    const noContent = doc({ entries: [entry({ contentHtml: "" })] });
    const root = parseStrictXml(renderRss(noContent));
    expect(findAll(root, "dc:creator").map((c) => c.text)).toEqual(["O'Brien & <Sons>", "محمد الأحمد"]);
    expect(findOne(root, "dc:creator").uri).toBe("http://purl.org/dc/elements/1.1/");
    expect(findOne(root, "media:content").uri).toBe("http://search.yahoo.com/mrss/");
    expect(findOne(root, "atom:link").uri).toBe("http://www.w3.org/2005/Atom");
    // An empty feed still declares what it may use.
    expect(() => parseStrictXml(renderRss(doc({ entries: [] })))).not.toThrow();
  });

  it("6. puts per-entry extras into Atom and keeps RSS extensions out of JSON Feed", () => {
    const atom = parseStrictXml(renderAtom(doc()));
    expect(findAll(atom, "author").map((a) => findOne(a, "name").text)).toEqual([
      "O'Brien & <Sons>",
      "محمد الأحمد",
      "O'Brien & <Sons>",
      "محمد الأحمد",
    ]);
    expect(findAll(atom, "author").map((a) => findOne(a, "uri").text)).toEqual([
      "https://news.example/authors/obrien",
      "https://news.example/authors/mohammed",
      "https://news.example/authors/obrien",
      "https://news.example/authors/mohammed",
    ]);
    expect(findAll(atom, "rights")).toEqual([]);
    const json = renderJsonFeed(doc());
    expect(json).not.toMatch(/dc:creator|media:content|extensions/);
  });

  it("7. writes JSON Feed 1.1 with an id and content for every item", () => {
    const feed = JSON.parse(renderJsonFeed(doc()));
    expect(feed.version).toBe("https://jsonfeed.org/version/1.1");
    for (const item of feed.items) {
      expect(typeof item.id).toBe("string");
      expect(typeof item.content_html).toBe("string");
    }
    expect(feed.items[0].authors).toEqual([
      { name: "O'Brien & <Sons>", url: "https://news.example/authors/obrien" },
      { name: "محمد الأحمد", url: "https://news.example/authors/mohammed" },
    ]);
    expect(feed.hubs).toEqual([
      { type: "WebSub", url: "https://hub.example/" },
      { type: "WebSub", url: "https://other-hub.example/publish?x=1&y=2" },
    ]);
    expect(feed.next_url).toBe("https://news.example/feed.json?limit=5&page=3");
    expect(parseJsonFeed(feed).items?.[0]?.title).toBe(HOSTILE);
  });

  it("8. dates the feed by its newest change, so the bytes are the same on every render", () => {
    expect(renderRss(doc())).toBe(renderRss(doc()));
    expect(renderAtom(doc())).toBe(renderAtom(doc()));
    expect(findOne(parseStrictXml(renderRss(doc())), "lastBuildDate").text).toBe("Tue, 02 Jan 2024 00:00:00 GMT");
    expect(parseStrictXml(renderAtom(doc())).children.find((c) => c.name === "updated")?.text).toBe("2024-01-02T00:00:00.000Z");
  });
});

describe("what readers see", () => {
  it("RSS: a real feed parser reads titles, links, guid, dates, authors, categories, paging and hubs", () => {
    const feed = parseRssFeed(renderRss(doc()));
    const item = feed.items?.[0];
    expect(item?.title).toBe(CLEAN);
    expect(item?.link).toBe("https://news.example/articles/a?x=1&y=2");
    expect(item?.guid).toEqual({ value: "urn:uuid:0d9d5c0e-3c55-4a3e-9a63-6f4f4a0b2a51", isPermaLink: false });
    expect(item?.pubDate).toBe("Mon, 01 Jan 2024 00:00:00 GMT");
    expect(item?.description).toBe("Summary Tom &amp; Jerry &lt;b&gt;bold&lt;/b&gt; ]]&gt; twice ]]&gt;  🚀 مرحبا עברית");
    expect(feed.atom?.links?.map((l) => l.rel)).toEqual(["self", "hub", "hub", "first", "previous", "next", "last"]);
    expect(feed.atom?.links?.[2]?.href).toBe("https://other-hub.example/publish?x=1&y=2");
  });

  it("Atom: titles and summaries are HTML-escaped for type=html, with the language on the root", () => {
    const xml = renderAtom(doc());
    const feed = parseAtomFeed(xml);
    expect(feed.entries?.[0]?.title).toEqual({
      value: "Tom &amp; Jerry &lt;b&gt;bold&lt;/b&gt; ]]&gt; twice ]]&gt;  🚀 مرحبا עברית",
      type: "html",
    });
    expect(feed.id).toBe("https://news.example/atom.xml?limit=5");
    expect(parseStrictXml(xml).attributes["xml:lang"]).toBe("en-US");
    expect(feed.links?.filter((l) => l.rel !== "alternate").map((l) => l.rel)).toEqual([
      "self",
      "hub",
      "hub",
      "first",
      "previous",
      "next",
      "last",
    ]);
    expect(feed.links?.find((l) => l.rel === "self")).toEqual({
      rel: "self",
      href: "https://news.example/atom.xml?limit=5&page=2",
      type: "application/atom+xml",
    });
  });
});

describe("characters XML cannot carry", () => {
  it("are dropped (controls, lone surrogates, U+FFFE/U+FFFF, the adapter's stand-ins) and everything else kept", () => {
    const kept = "tab\there\nline\r é 中文 עברית 🚀 👩‍👩‍👧 \uD7FF\uE007\uFFFD \u{10FFFF}";
    expect(xmlChars(kept)).toBe(kept);
    expect(xmlChars("a\u0000b\u0008c\u000Bd\u001Fe\uFFFEf\uFFFFg")).toBe("abcdefg");
    expect(xmlChars("lone \uD83D high, lone \uDE80 low, pair \uD83D\uDE80, reversed \uDE80\uD83D")).toBe(
      "lone  high, lone  low, pair 🚀, reversed ",
    );
    expect(xmlChars("stand-ins \uE000\uE001\uE002\uE003\uE004\uE005\uE006 gone")).toBe("stand-ins  gone");
  });
});
