import { encodeXML } from "entities";
import type { SitemapRow } from "../articles/repository";
import type { SiteConfig } from "../site/config";
import { articleUrl, isSiteUrl, newsSitemapUrl, sitemapPageUrl, sitemapUrl, UNINDEXED_PREFIXES } from "../site/urls";
import { xmlChars } from "./xml-adapter";

/** The sitemap protocol's limit per file. */
export const SITEMAP_MAX_URLS = 50_000;
/** Google News sitemaps list the last two days, at most 1,000 articles. */
export const NEWS_WINDOW_MS = 48 * 60 * 60 * 1000;
export const NEWS_MAX_URLS = 1000;

const XML_HEADER = '<?xml version="1.0" encoding="UTF-8"?>\n';
const text = (value: string) => encodeXML(xmlChars(value));

/** Sitemaps may only list URLs on their own host: imported permalinks elsewhere are left out. */
function ownUrl(row: SitemapRow, site: SiteConfig): string | undefined {
  const url = row.canonicalUrl ?? articleUrl(site.url, row.slug);
  return isSiteUrl(site.url, url) ? url : undefined;
}

export function renderSitemap(rows: SitemapRow[], site: SiteConfig): string {
  const urls = rows.flatMap((row) => {
    const loc = ownUrl(row, site);
    return loc ? [`<url><loc>${text(loc)}</loc><lastmod>${row.updatedAt}</lastmod></url>`] : [];
  });
  return `${XML_HEADER}<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls.join("\n")}\n</urlset>\n`;
}

export function renderSitemapIndex(pages: number, site: SiteConfig): string {
  const entries = Array.from({ length: pages }, (_, i) => `<sitemap><loc>${text(sitemapPageUrl(site.url, i + 1))}</loc></sitemap>`);
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
  return [
    "User-agent: *",
    "Allow: /",
    ...UNINDEXED_PREFIXES.map((prefix) => `Disallow: ${prefix}`),
    // In front of WordPress, Herald's robots.txt stands for WordPress's, whose default rules
    // these are (do_robots() in wp-includes/functions.php).
    ...(site.originUrl ? ["Disallow: /wp-admin/", "Allow: /wp-admin/admin-ajax.php"] : []),
    "",
    `Sitemap: ${sitemapUrl(site.url)}`,
    `Sitemap: ${newsSitemapUrl(site.url)}`,
    "",
  ].join("\n");
}
