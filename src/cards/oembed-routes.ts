import { Hono } from "hono";
import type { AppEnv } from "../articles/context";
import { isSlug } from "../articles/slug";
import { authorNames } from "../articles/summary";
import { HttpError } from "../http/errors";
import { articleSlugFromUrl, authorUrl, homeUrl, ROUTES } from "../site/urls";
import { CARD_FRAMES } from "./card-design";
import { articleCardUrl } from "./cards";

/**
 * oEmbed (https://oembed.com) for article URLs: a `link` with title, author, provider and
 * the card as thumbnail. JSON only; `format=xml` is 501 as the spec asks.
 */
export const oembed = new Hono<AppEnv>().get(ROUTES.oembed, async (c) => {
  const site = c.var.site;
  const format = c.req.query("format") ?? "json";
  if (format !== "json") throw HttpError.json(501, "unsupported format", ["only format=json is served"]);
  const url = c.req.query("url");
  if (!url) throw HttpError.json(400, "missing url", ["pass ?url=<article URL>&format=json"]);

  const slug = articleSlugFromUrl(site.url, url) ?? "";
  const article = isSlug(slug) ? await c.var.articles.getBySlug(slug) : undefined;
  if (article?.status !== "published") throw HttpError.json(404, "not found", [`${url} is not an article of ${site.name}`]);

  const firstAuthor = article.authors[0];
  return c.json(
    {
      version: "1.0",
      type: "link",
      title: article.title,
      author_name: authorNames(article.authors, site.language),
      ...(firstAuthor ? { author_url: authorUrl(site.url, firstAuthor.slug) } : {}),
      provider_name: site.name,
      provider_url: homeUrl(site.url),
      thumbnail_url: await articleCardUrl(site, article),
      thumbnail_width: CARD_FRAMES.og.width,
      thumbnail_height: CARD_FRAMES.og.height,
      cache_age: 3600,
    },
    200,
    { "Cache-Control": "public, max-age=3600" },
  );
});
