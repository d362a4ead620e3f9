import { Hono } from "hono";
import type { AppEnv } from "../env";
import { ArticleRepository } from "../articles/repository";
import { isSlug } from "../articles/slug";
import { authorNames } from "../articles/summary";
import { authorUrl } from "../feeds/entries";
import { CARD_HEIGHT, CARD_WIDTH } from "./card-image";
import { articleCardUrl } from "./cards";

/**
 * oEmbed (https://oembed.com) for article URLs: a `link` with title, author, provider and
 * the card as thumbnail. JSON only; `format=xml` is 501 as the spec asks.
 */
export const oembed = new Hono<AppEnv>().get("/oembed", async (c) => {
  const site = c.var.site;
  const format = c.req.query("format") ?? "json";
  if (format !== "json") return c.json({ error: "unsupported format", details: ["only format=json is served"] }, 501);
  const url = c.req.query("url");
  if (!url) return c.json({ error: "missing url", details: ["pass ?url=<article URL>&format=json"] }, 400);

  const prefix = `${site.url}/articles/`;
  const slug = url.startsWith(prefix) ? url.slice(prefix.length).replace(/[?#].*$/, "").replace(/\/$/, "") : "";
  const article = isSlug(slug) ? await new ArticleRepository(c.env.DB, site.url).getBySlug(slug) : undefined;
  if (article?.status !== "published") return c.json({ error: "not found", details: [`${url} is not an article of ${site.name}`] }, 404);

  const firstAuthor = article.authors[0];
  return c.json(
    {
      version: "1.0",
      type: "link",
      title: article.title,
      author_name: authorNames(article.authors, site.language),
      ...(firstAuthor ? { author_url: authorUrl(site.url, firstAuthor.slug) } : {}),
      provider_name: site.name,
      provider_url: `${site.url}/`,
      thumbnail_url: await articleCardUrl(site, article),
      thumbnail_width: CARD_WIDTH,
      thumbnail_height: CARD_HEIGHT,
      cache_age: 3600,
    },
    200,
    { "Cache-Control": "public, max-age=3600" },
  );
});
