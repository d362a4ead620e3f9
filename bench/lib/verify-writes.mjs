// After the drain: is every accepted write where it belongs? For each article the writer
// touched, its final state (the last write Herald accepted for it) must be what the admin API
// returns, the item in each of its author feeds and its category feed (walked page by page,
// uncached), and in the sitemap. The feeds readers poll (first page, default size, kept at the
// edge) of the site and of every touched author and category must agree with those pages in
// all three formats: a written article in the first 20 items is there, with its final title.
import { findAll, textContent } from "domutils";
import { parseAtomFeed, parseRssFeed } from "feedsmith";
import { parseDocument } from "htmlparser2";
import { articleUrlOf, FEED_FILES } from "./drain.mjs";
import { ADMIN_TOKEN } from "./runtime.mjs";

/** @import { WriteRecord } from "./writer.mjs" */

/** Items a polled feed page carries (src/site/urls.ts DEFAULT_FEED_LIMIT). */
const FIRST_PAGE = 20;
/** The largest feed page (src/feeds/build.ts MAX_FEED_LIMIT). */
const PAGE = 100;

/**
 * `fn` over `items`, `width` at a time (the checks share the machine with nothing else, but
 * Herald's own D1 is one SQLite file).
 * @template T, R
 * @param {T[]} items
 * @param {number} width
 * @param {(item: T) => Promise<R>} fn
 * @returns {Promise<R[]>}
 */
async function mapLimited(items, width, fn) {
  /** @type {R[]} */
  const out = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
  return out;
}

/**
 * The state each touched article must end in: its last accepted write. Articles with a write
 * that got no answer, or a 5xx, are left out (their state is not known; those writes fail the
 * run on their own).
 * @param {WriteRecord[]} records in write order; writes to one article never overlap
 */
export function finalStates(records) {
  /** @type {Map<string, WriteRecord>} */
  const finals = new Map();
  const uncertain = new Set();
  for (const record of records) {
    if (record.accepted) finals.set(record.slug, record);
    else if (record.status === undefined || record.status >= 500) uncertain.add(record.slug);
  }
  for (const slug of uncertain) finals.delete(slug);
  return { finals: [...finals.values()], uncertain: [...uncertain] };
}

/** @param {string} url */
function slugOfArticleUrl(url) {
  const match = new URL(url).pathname.match(/^\/articles\/([^/]+)$/);
  return match ? decodeURIComponent(match[1]) : undefined;
}

/**
 * Titles by slug in a scope's feed, walked from page 1 at the largest size until every wanted
 * slug was seen or the pages end; with each item's position.
 * @param {string} herald
 * @param {string} folder "", "/authors/x" or "/categories/y"
 * @param {Set<string>} wanted
 * @param {number} [maxPages]
 */
async function walkFeed(herald, folder, wanted, maxPages = Infinity) {
  /** @type {Map<string, { title: string, position: number }>} */
  const items = new Map();
  let position = 0;
  for (let page = 1; page <= maxPages; page++) {
    const res = await fetch(`${herald}${folder}/feed.json?limit=${PAGE}${page > 1 ? `&page=${page}` : ""}`);
    if (res.status === 404 && page > 1) break;
    if (!res.ok) throw new Error(`${folder}/feed.json page ${page}: ${res.status}`);
    const feed = /** @type {{ items: { url: string, title: string }[], next_url?: string }} */ (await res.json());
    for (const item of feed.items) {
      const slug = slugOfArticleUrl(item.url);
      if (slug !== undefined) items.set(slug, { title: item.title, position: position++ });
    }
    if (!feed.next_url || [...wanted].every((slug) => items.has(slug))) break;
  }
  return items;
}

/**
 * The polled first page of a scope's feed in one format: titles by slug.
 * @param {string} herald
 * @param {string} folder
 * @param {"feed.xml" | "atom.xml" | "feed.json"} file
 */
async function firstPage(herald, folder, file) {
  const res = await fetch(`${herald}${folder}/${file}`);
  if (!res.ok) throw new Error(`${folder}/${file}: ${res.status}`);
  const text = await res.text();
  /** @type {{ url: string | undefined, title: string | undefined }[]} */
  const entries =
    file === "feed.json"
      ? /** @type {{ items: { url: string, title: string }[] }} */ (JSON.parse(text)).items.map((i) => ({ url: i.url, title: i.title }))
      : file === "atom.xml"
        ? (parseAtomFeed(text).entries ?? []).map((e) => ({
            url: e.links?.find((l) => (l.rel ?? "alternate") === "alternate")?.href,
            title: e.title?.value,
          }))
        : (parseRssFeed(text).items ?? []).map((i) => ({ url: i.link, title: i.title }));
  /** @type {Map<string, string | undefined>} */
  const titles = new Map();
  for (const { url, title } of entries) {
    const slug = url ? slugOfArticleUrl(url) : undefined;
    if (slug !== undefined) titles.set(slug, title);
  }
  return titles;
}

/**
 * Every check; each problem is one line naming the article and where it went wrong.
 * @param {{ herald: string, siteUrl: string, records: WriteRecord[] }} options
 */
export async function verifyWrites({ herald, siteUrl, records }) {
  const { finals, uncertain } = finalStates(records);
  /** @type {{ slug: string, where: string, expected: string, found: string }[]} */
  const problems = [];
  const expected = new Map(finals.map((f) => [f.slug, f]));

  // 1. The admin API.
  await mapLimited(finals, 8, async (final) => {
    const res = await fetch(`${herald}/api/articles/${encodeURIComponent(final.slug)}`, {
      headers: { Authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    const article = res.ok ? /** @type {{ title: string, status: string }} */ (await res.json()) : undefined;
    if (article?.title !== final.title || article.status !== "published") {
      problems.push({
        slug: final.slug,
        where: "GET /api/articles",
        expected: final.title,
        found: article ? `${article.status}: ${article.title}` : String(res.status),
      });
    }
  });

  // 2. Author and category feeds, walked uncached: each scope once, for all its articles.
  /** @type {Map<string, Set<string>>} */
  const scopes = new Map();
  for (const final of finals) {
    const folders = [
      ...final.authors.map((a) => `/authors/${encodeURIComponent(a)}`),
      ...(final.section ? [`/categories/${encodeURIComponent(final.section)}`] : []),
    ];
    if (final.authors.length === 0 || !final.section)
      problems.push({ slug: final.slug, where: "write answer", expected: "authors and a category", found: "none" });
    for (const folder of folders) (scopes.get(folder) ?? scopes.set(folder, new Set()).get(folder))?.add(final.slug);
  }
  /** @type {Map<string, Map<string, { title: string, position: number }>>} */
  const walked = new Map();
  await mapLimited([...scopes], 4, async ([folder, slugs]) => {
    const items = await walkFeed(herald, folder, slugs);
    walked.set(folder, items);
    for (const slug of slugs) {
      const title = /** @type {WriteRecord} */ (expected.get(slug)).title;
      const found = items.get(slug)?.title;
      if (found !== title) problems.push({ slug, where: `${folder}/feed.json (all pages)`, expected: title, found: found ?? "missing" });
    }
  });
  // The site's newest items, for the polled site feeds.
  walked.set("", await walkFeed(herald, "", new Set(), 1));

  // 3. The feeds readers poll, as kept at the edge, in every format.
  let polledFeeds = 0;
  await mapLimited([...walked], 4, async ([folder, items]) => {
    const newest = [...items].filter(([, item]) => item.position < FIRST_PAGE).map(([slug]) => slug);
    for (const file of FEED_FILES) {
      polledFeeds++;
      const titles = await firstPage(herald, folder, file);
      for (const [slug, title] of titles) {
        const final = expected.get(slug);
        if (final && title !== final.title)
          problems.push({ slug, where: `${folder}/${file} (polled)`, expected: final.title, found: title ?? "no title" });
      }
      for (const slug of newest) {
        const final = expected.get(slug);
        if (final && !titles.has(slug))
          problems.push({ slug, where: `${folder}/${file} (polled)`, expected: final.title, found: "missing" });
      }
    }
  });

  // 4. The sitemap.
  const sitemap = await fetch(`${herald}/sitemap.xml`);
  const locs = new Set(
    findAll((el) => el.name === "loc", parseDocument(await sitemap.text(), { xmlMode: true }).children).map((el) => textContent(el).trim()),
  );
  for (const final of finals) {
    const url = articleUrlOf(siteUrl, final.slug);
    if (!locs.has(url)) problems.push({ slug: final.slug, where: "/sitemap.xml", expected: url, found: "missing" });
  }

  const lost = new Set(problems.map((p) => p.slug));
  return {
    articlesChecked: finals.length,
    uncertain: uncertain.length,
    scopesWalked: scopes.size,
    polledFeeds,
    sitemapUrls: locs.size,
    lostArticles: lost.size,
    // The write each lost article's final state came from.
    lostWrites: finals.filter((f) => lost.has(f.slug)).length,
    problems,
  };
}
