import { encodeXML } from "entities";
import { Hono } from "hono";
import type { AppEnv, SiteConfig } from "../env";
import { defaultCanonicalUrl } from "../articles/model";
import { ArticleRepository, type SitemapRow } from "../articles/repository";
import { xmlChars } from "./xml-adapter";

/** The sitemap protocol's limit per file. */
export const SITEMAP_MAX_URLS = 50_000;
/** Google News sitemaps list the last two days, at most 1,000 articles. */
const NEWS_WINDOW_MS = 48 * 60 * 60 * 1000;
const NEWS_MAX_URLS = 1000;

const XML_HEADER = '<?xml version="1.0" encoding="UTF-8"?>\n';
const text = (value: string) => encodeXML(xmlChars(value));

/** Sitemaps may only list URLs on their own host: imported permalinks elsewhere are left out. */
function ownUrl(row: SitemapRow, site: SiteConfig): string | undefined {
  const url = row.canonicalUrl ?? defaultCanonicalUrl(site.url, row.slug);
  return url.startsWith(`${site.url}/`) ? url : undefined;
}

export function renderSitemap(rows: SitemapRow[], site: SiteConfig): string {
  const urls = rows.flatMap((row) => {
    const loc = ownUrl(row, site);
    return loc ? [`<url><loc>${text(loc)}</loc><lastmod>${row.updatedAt}</lastmod></url>`] : [];
  });
  return `${XML_HEADER}<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls.join("\n")}\n</urlset>\n`;
}

export function renderSitemapIndex(pages: number, site: SiteConfig): string {
  const entries = Array.from({ length: pages }, (_, i) => `<sitemap><loc>${text(`${site.url}/sitemap-${i + 1}.xml`)}</loc></sitemap>`);
  return `${XML_HEADER}<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${entries.join("\n")}\n</sitemapindex>\n`;
}

/** Google News wants ISO 639 language codes, with zh-cn / zh-tw as the only regional ones. */
export function newsLanguage(tag: string): string {
  const lower = tag.toLowerCase();
  if (lower.startsWith("zh")) return /tw|hk|hant/.test(lower) ? "zh-tw" : "zh-cn";
  return lower.split("-")[0] ?? lower;
}

export function renderNewsSitemap(rows: SitemapRow[], site: SiteConfig): string {
  const publication = `<news:publication><news:name>${text(site.publisherName)}</news:name><news:language>${newsLanguage(site.language)}</news:language></news:publication>`;
  const urls = rows.flatMap((row) => {
    const loc = ownUrl(row, site);
    if (!loc) return [];
    return [
      `<url><loc>${text(loc)}</loc><news:news>${publication}<news:publication_date>${row.publishedAt}</news:publication_date><news:title>${text(row.title)}</news:title></news:news></url>`,
    ];
  });
  return `${XML_HEADER}<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">\n${urls.join("\n")}\n</urlset>\n`;
}

export function renderRobots(site: SiteConfig): string {
  return ["User-agent: *", "Allow: /", "Disallow: /api/", "Disallow: /share/", "", `Sitemap: ${site.url}/sitemap.xml`, `Sitemap: ${site.url}/news-sitemap.xml`, ""].join("\n");
}

const XML_HEADERS = { "Content-Type": "application/xml; charset=utf-8", "Cache-Control": "public, max-age=300" };

/** /sitemap.xml (an index past 50,000 articles), /sitemap-N.xml, /news-sitemap.xml, /robots.txt. */
export const sitemaps = new Hono<AppEnv>()
  .get("/sitemap.xml", async (c) => {
    const repo = new ArticleRepository(c.env.DB, c.var.site.url);
    const published = await repo.countPublished();
    if (published > SITEMAP_MAX_URLS) {
      return c.body(renderSitemapIndex(Math.ceil(published / SITEMAP_MAX_URLS), c.var.site), 200, XML_HEADERS);
    }
    const rows = await repo.listForSitemap({ limit: SITEMAP_MAX_URLS, offset: 0 });
    return c.body(renderSitemap(rows, c.var.site), 200, XML_HEADERS);
  })
  .get("/:file{sitemap-[1-9][0-9]{0,5}\\.xml}", async (c) => {
    const page = Number(c.req.param("file").slice("sitemap-".length, -".xml".length));
    const repo = new ArticleRepository(c.env.DB, c.var.site.url);
    const rows = await repo.listForSitemap({ limit: SITEMAP_MAX_URLS, offset: (page - 1) * SITEMAP_MAX_URLS });
    if (rows.length === 0) return c.text("no such sitemap page\n", 404);
    return c.body(renderSitemap(rows, c.var.site), 200, XML_HEADERS);
  })
  .get("/news-sitemap.xml", async (c) => {
    const now = Date.now();
    const rows = await new ArticleRepository(c.env.DB, c.var.site.url).listForSitemap({
      limit: NEWS_MAX_URLS,
      offset: 0,
      publishedSince: new Date(now - NEWS_WINDOW_MS).toISOString(),
      publishedUntil: new Date(now).toISOString(),
    });
    return c.body(renderNewsSitemap(rows, c.var.site), 200, XML_HEADERS);
  })
  .get("/robots.txt", (c) => c.text(renderRobots(c.var.site), 200, { "Cache-Control": "public, max-age=3600" }));
