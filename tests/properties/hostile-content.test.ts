import { env } from "cloudflare:workers";
import fc from "fast-check";
import { describe, expect, inject, it } from "vitest";
import { adminWriteAndSettle, request, SITE, tableCounts } from "../helpers";
import { type HostileArticleInput, hostileArticleInput } from "./arbitraries";
import {
  CHECKED_SHARE_NETWORKS,
  checkAtomEntry,
  checkCardMeta,
  checkJsonFeed,
  checkNoLiveScript,
  checkOembed,
  checkPageTitles,
  checkRssItem,
  checkShareBar,
  checkShareRedirect,
  checkSitemap,
  oembedDiscoveryUrl,
  type ParsedPage,
  parsePage,
  type StoredArticle,
} from "./output-checks";

/**
 * Property tests: generated hostile articles go in through the admin API, and every output
 * Herald makes of them is parsed strictly and compared with what the API stored. The seed is
 * fixed, so `npm test` sees the same cases every time; FC_SEED and FC_RUNS (passed in by
 * vitest.config.ts) change them, e.g. `npm run test:properties` for a long run.
 */

declare module "vitest" {
  interface ProvidedContext {
    fcSeed: number;
    fcRuns: number | undefined;
  }
}

const SEED = inject("fcSeed");
const SITE_NAME = env.SITE_NAME ?? "";

/** Runs per property: FC_RUNS when given, else what keeps this file inside ~40 s of `npm test`. */
function settings(defaultRuns: number): { parameters: fc.Parameters<[HostileArticleInput]>; timeout: number } {
  const numRuns = inject("fcRuns") ?? defaultRuns;
  // A run ingests, reads a dozen outputs and deletes: well under a second even on a busy machine.
  return { parameters: { seed: SEED, numRuns }, timeout: 60_000 + numRuns * 2_000 };
}

let serial = 0;

interface Tally {
  runs: number;
  accepted: number;
}

/**
 * PUTs the input under a new slug. A refusal must be a 4xx `{ error, details }` that wrote
 * nothing (then undefined); an acceptance returns the stored article, deleted again by
 * `withArticle` so every feed holds only the article under test.
 */
async function ingest(input: HostileArticleInput, tally: Tally): Promise<StoredArticle | undefined> {
  tally.runs++;
  const slug = `prop-${++serial}`;
  const before = await tableCounts();
  const res = await adminWriteAndSettle("PUT", slug, input);
  const text = await res.text();
  expect(res.status, `[PUT /api/articles/${slug}] no 5xx: ${text.slice(0, 500)}`).toBeLessThan(500);
  if (res.status >= 400) {
    expect(res.headers.get("Content-Type"), "[PUT refusal] JSON").toMatch(/^application\/json/);
    const error = JSON.parse(text) as { error?: unknown; details?: unknown };
    expect(typeof error.error, "[PUT refusal] error is a string").toBe("string");
    expect(Array.isArray(error.details), "[PUT refusal] details is a list").toBe(true);
    expect(await tableCounts(), "[PUT refusal] wrote nothing").toEqual(before);
    return undefined;
  }
  expect([200, 201], `[PUT /api/articles/${slug}] created`).toContain(res.status);
  tally.accepted++;
  return (JSON.parse(text) as { article: StoredArticle }).article;
}

async function withArticle(input: HostileArticleInput, tally: Tally, check: (article: StoredArticle) => Promise<void>): Promise<void> {
  const article = await ingest(input, tally);
  if (!article) return;
  try {
    await check(article);
  } finally {
    const deleted = await adminWriteAndSettle("DELETE", article.slug);
    expect(deleted.status, "[DELETE] cleans up").toBe(200);
  }
}

/** A property over hostile articles, run with the suite's seed; asserts enough inputs were accepted to mean something. */
async function assertOverArticles(defaultRuns: number, check: (article: StoredArticle) => Promise<void>): Promise<void> {
  const { parameters } = settings(defaultRuns);
  const tally: Tally = { runs: 0, accepted: 0 };
  await fc.assert(
    fc.asyncProperty(hostileArticleInput, (input) => withArticle(input, tally, check)),
    parameters,
  );
  // Mostly valid input, or the property says little about the outputs.
  expect(tally.accepted / tally.runs, `accepted ${tally.accepted} of ${tally.runs} generated articles`).toBeGreaterThan(0.4);
}

async function fetchText(path: string): Promise<{ status: number; headers: Headers; body: string }> {
  const res = await request(path);
  return { status: res.status, headers: res.headers, body: await res.text() };
}

async function fetchOk(path: string): Promise<string> {
  const res = await fetchText(path);
  expect(res.status, `[GET ${path}] 200: ${res.body.slice(0, 300)}`).toBe(200);
  return res.body;
}

const articlePath = (article: StoredArticle) => `/articles/${encodeURIComponent(article.slug)}`;

async function fetchPage(article: StoredArticle): Promise<{ page: ParsedPage; csp: string }> {
  const res = await fetchText(articlePath(article));
  expect(res.status, `[GET ${articlePath(article)}] 200`).toBe(200);
  return { page: parsePage(res.body), csp: res.headers.get("Content-Security-Policy") ?? "" };
}

/** Feed folders this article is in: the site, each author, its section. */
function feedScopes(article: StoredArticle): string[] {
  return [
    "",
    ...article.authors.map((author) => `/authors/${encodeURIComponent(author.slug)}`),
    ...(article.section ? [`/categories/${encodeURIComponent(article.section.slug)}`] : []),
  ];
}

const RUNS = { ingest: 80, xml: 40, json: 35, page: 40, share: 30, card: 20 };

describe("hostile articles through every output (fast-check)", () => {
  it(
    "PUT never answers 5xx; a refusal is a 4xx { error, details } that writes nothing",
    async () => {
      const { parameters } = settings(RUNS.ingest);
      const tally: Tally = { runs: 0, accepted: 0 };
      await fc.assert(
        fc.asyncProperty(hostileArticleInput, async (input) => {
          const article = await ingest(input, tally);
          if (article) expect((await adminWriteAndSettle("DELETE", article.slug)).status, "[DELETE] cleans up").toBe(200);
        }),
        parameters,
      );
      // Both branches ran: some inputs are refused (limits, slug-less names), most are not.
      expect(tally.accepted, "some accepted").toBeGreaterThan(0);
      expect(tally.accepted, "some refused").toBeLessThan(tally.runs);
    },
    settings(RUNS.ingest).timeout,
  );

  it(
    "RSS, Atom (site, author and category feeds) and both sitemaps parse strictly and carry the stored text",
    async () => {
      await assertOverArticles(RUNS.xml, async (article) => {
        for (const scope of feedScopes(article)) {
          checkRssItem(`RSS ${scope}/feed.xml`, await fetchOk(`${scope}/feed.xml`), article);
          checkAtomEntry(`Atom ${scope}/atom.xml`, await fetchOk(`${scope}/atom.xml`), article);
        }
        checkSitemap("/sitemap.xml", await fetchOk("/sitemap.xml"), article, SITE, false);
        checkSitemap("/news-sitemap.xml", await fetchOk("/news-sitemap.xml"), article, SITE, true);
      });
    },
    settings(RUNS.xml).timeout,
  );

  it(
    "JSON Feed (site, author and category) and oEmbed are valid JSON with the stored title and body text",
    async () => {
      await assertOverArticles(RUNS.json, async (article) => {
        for (const scope of feedScopes(article)) {
          checkJsonFeed(`JSON Feed ${scope}/feed.json`, await fetchOk(`${scope}/feed.json`), article);
        }
        const { page } = await fetchPage(article);
        const discovery = oembedDiscoveryUrl(page);
        expect(discovery, "[article page] announces oEmbed").toBeDefined();
        const oembed = new URL(discovery ?? "");
        expect(oembed.searchParams.get("url"), "[oEmbed discovery] url is the article's page").toBe(`${SITE}${articlePath(article)}`);
        checkOembed("oEmbed", await fetchOk(oembed.pathname + oembed.search), article, SITE);
      });
    },
    settings(RUNS.json).timeout,
  );

  it(
    "the article page's <title>, og/twitter titles, JSON-LD and <h1> are the stored title, and nothing on it can run",
    async () => {
      await assertOverArticles(RUNS.page, async (article) => {
        const { page, csp } = await fetchPage(article);
        checkPageTitles(`page ${articlePath(article)}`, page, article, SITE_NAME);
        await checkNoLiveScript(`page ${articlePath(article)}`, page, csp);
      });
    },
    settings(RUNS.page).timeout,
  );

  it(
    "share links parse and /share/ redirects carry the stored title and canonical URL",
    async () => {
      await assertOverArticles(RUNS.share, async (article) => {
        const { page } = await fetchPage(article);
        const hrefs = checkShareBar(`page ${articlePath(article)} share bar`, page, article);
        expect(hrefs.length, "[share bar] has links").toBeGreaterThan(0);
        for (const network of CHECKED_SHARE_NETWORKS) {
          const path = `/share/${encodeURIComponent(article.slug)}/${network}`;
          expect(hrefs, `[share bar] links ${network} through /share/`).toContain(`${SITE}${path}`);
          const res = await request(path, { redirect: "manual" });
          await res.body?.cancel();
          checkShareRedirect(`GET ${path}`, res.status, res.headers.get("Location"), article, network);
        }
      });
    },
    settings(RUNS.share).timeout,
  );

  it(
    "og:image is an absolute card URL on SITE_URL with consistent size and type (two cards rendered)",
    async () => {
      let rendered = 0;
      await assertOverArticles(RUNS.card, async (article) => {
        const { page } = await fetchPage(article);
        const image = checkCardMeta(`page ${articlePath(article)}`, page, SITE);
        // Rendering costs 25–80 ms a card: draw only the first two.
        if (rendered >= 2) return;
        rendered++;
        const url = new URL(image);
        const res = await request(url.pathname + url.search);
        const bytes = new Uint8Array(await res.arrayBuffer());
        expect(res.status, `[card ${url.pathname}] 200`).toBe(200);
        expect(res.headers.get("Content-Type"), `[card ${url.pathname}] type is og:image:type`).toBe(page.meta("og:image:type")[0]);
        expect(bytes.length, `[card ${url.pathname}] has bytes`).toBeGreaterThan(1000);
      });
      expect(rendered, "cards rendered").toBe(2);
    },
    settings(RUNS.card).timeout,
  );
});
