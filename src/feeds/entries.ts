import render from "dom-serializer";
import { Element, Text } from "domhandler";
import { findAll, replaceElement } from "domutils";
import { escapeAttribute } from "entities";
import { parseDocument } from "htmlparser2";
import mime from "mime/lite";
import { validate as isUuid, v5 as uuidV5 } from "uuid";
import { expandSharePlaceholders } from "../articles/ingest/share-placeholder";
import type { Article, LeadImage } from "../articles/model";
import { articleSummary } from "../articles/summary";
import type { SiteConfig } from "../site/config";
import { type TextDirection, textDirection } from "../site/text-direction";
import { authorUrl, categoryUrl } from "../site/urls";
import type { FeedEntry, FeedImage } from "./model";

/** Longest plain-text summary in a feed item, in characters (trimmed on a word boundary). */
export const FEED_SUMMARY_MAX_CHARS = 300;

/** Namespace for turning non-UUID article ids into stable UUIDs (RFC 9562 version 5). */
const ARTICLE_ID_NAMESPACE = "0d9d5c0e-3c55-4a3e-9a63-6f4f4a0b2a51";

/**
 * The entry id readers key on: `urn:uuid:` of the article id, which never changes on edit or
 * rename. Ids that are not UUIDs (imported ones) map to a name-based UUID of themselves.
 */
export function feedEntryId(articleId: string): string {
  const uuid = isUuid(articleId) ? articleId.toLowerCase() : uuidV5(articleId, ARTICLE_ID_NAMESPACE);
  return `urn:uuid:${uuid}`;
}

function feedImage(image: LeadImage): FeedImage {
  const type = mime.getType(new URL(image.url).pathname) ?? undefined;
  return {
    url: image.url,
    alt: image.alt,
    type: type?.startsWith("image/") ? type : undefined,
    width: image.width,
    height: image.height,
  };
}

/** The lead image as the first thing in the item's content, so every reader shows it. */
function leadFigure(image: LeadImage): string {
  const size = `${image.width ? ` width="${image.width}"` : ""}${image.height ? ` height="${image.height}"` : ""}`;
  return `<figure><img src="${escapeAttribute(image.url)}" alt="${escapeAttribute(image.alt)}"${size}></figure>`;
}

/**
 * Feed readers do not run embeds, and validators warn about iframes in feed content: each
 * video embed becomes a link to the video.
 */
export function embedsAsLinks(html: string): string {
  if (!html.includes("<iframe")) return html;
  const document = parseDocument(html);
  for (const frame of findAll((element) => element.name === "iframe", document.children)) {
    const link = new Element("a", { href: frame.attribs.src ?? "" }, [new Text(frame.attribs.title || "Watch the video")]);
    replaceElement(frame, link);
  }
  return render(document, { encodeEntities: "utf8" });
}

/**
 * Feed readers show an item's HTML left to right unless the HTML says otherwise (few read the
 * feed's language for it): a right-to-left article, and every item of a right-to-left site,
 * says so. The article's direction is its title's (first strong character), else the site's.
 */
function itemDirection(article: Article, site: SiteConfig): TextDirection | undefined {
  const direction = textDirection(article.title) ?? site.direction;
  return direction === "rtl" || site.direction === "rtl" ? direction : undefined;
}

/** HTML inside a `<div dir>` when it has a direction to state. */
export function directedHtml(html: string, direction: TextDirection | undefined): string {
  return direction ? `<div dir="${direction}">${html}</div>` : html;
}

/**
 * One article as a feed entry. `shareRow` is the plain row of share links that replaces the
 * share placeholder in feeds ("" until the share module provides one).
 */
export function articleToFeedEntry(article: Article, site: SiteConfig, shareRow = ""): FeedEntry {
  const body = embedsAsLinks(expandSharePlaceholders(article.bodyHtml, shareRow));
  const direction = itemDirection(article, site);
  return {
    id: feedEntryId(article.id),
    url: article.canonicalUrl,
    title: article.title,
    summary: articleSummary(article, FEED_SUMMARY_MAX_CHARS),
    contentHtml: directedHtml(article.leadImage ? leadFigure(article.leadImage) + body : body, direction),
    direction,
    published: article.publishedAt,
    updated: article.updatedAt,
    authors: article.authors.map((author) => ({ name: author.name, url: authorUrl(site.url, author.slug) })),
    categories: [...(article.section ? [{ ...article.section, url: categoryUrl(site.url, article.section.slug) }] : []), ...article.tags],
    image: article.leadImage ? feedImage(article.leadImage) : undefined,
  };
}
