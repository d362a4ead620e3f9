import { Hono } from "hono";
import type { AppEnv } from "../articles/context";
import { HttpError } from "../http/errors";
import { ROUTES, sitemapPageFromFile } from "../site/urls";
import {
  NEWS_MAX_URLS,
  NEWS_WINDOW_MS,
  renderNewsSitemap,
  renderRobots,
  renderSitemap,
  renderSitemapIndex,
  SITEMAP_MAX_URLS,
} from "./sitemaps";

const XML_HEADERS = { "Content-Type": "application/xml; charset=utf-8", "Cache-Control": "public, max-age=300" };

/** /sitemap.xml (an index past 50,000 articles), /sitemap-N.xml, /news-sitemap.xml, /robots.txt. */
export const sitemaps = new Hono<AppEnv>()
  .get(ROUTES.sitemap, async (c) => {
    const repo = c.var.articles;
    const published = await repo.countPublished();
    if (published > SITEMAP_MAX_URLS) {
      return c.body(renderSitemapIndex(Math.ceil(published / SITEMAP_MAX_URLS), c.var.site), 200, XML_HEADERS);
    }
    const rows = await repo.listForSitemap({ limit: SITEMAP_MAX_URLS, offset: 0 });
    return c.body(renderSitemap(rows, c.var.site), 200, XML_HEADERS);
  })
  .get(ROUTES.sitemapPage, async (c) => {
    const page = sitemapPageFromFile(c.req.param("file"));
    const rows = await c.var.articles.listForSitemap({ limit: SITEMAP_MAX_URLS, offset: (page - 1) * SITEMAP_MAX_URLS });
    if (rows.length === 0) throw HttpError.text(404, "no such sitemap page");
    return c.body(renderSitemap(rows, c.var.site), 200, XML_HEADERS);
  })
  .get(ROUTES.newsSitemap, async (c) => {
    const now = Date.now();
    const rows = await c.var.articles.listForSitemap({
      limit: NEWS_MAX_URLS,
      offset: 0,
      publishedSince: new Date(now - NEWS_WINDOW_MS).toISOString(),
      publishedUntil: new Date(now).toISOString(),
    });
    return c.body(renderNewsSitemap(rows, c.var.site), 200, XML_HEADERS);
  })
  .get(ROUTES.robots, (c) => c.text(renderRobots(c.var.site), 200, { "Cache-Control": "public, max-age=3600" }));
