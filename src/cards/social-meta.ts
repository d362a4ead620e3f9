import type { Article } from "../articles/model";
import { articleDescription, authorNames, bodyParagraphsText } from "../articles/summary";
import type { SiteConfig } from "../site/config";
import { authorUrl, homeUrl, oembedUrl } from "../site/urls";
import { CARD_FRAMES } from "./card-design";
import type { CardImage } from "./cards";

/** Average adult silent reading speed, for "N min read". */
const WORDS_PER_MINUTE = 230;
export const THEME_COLOR = "#14213d";

export interface MetaTag {
  /** `property` for Open Graph (og:*, article:*), `name` for everything else. */
  attribute: "property" | "name";
  key: string;
  content: string;
}

export interface SocialMeta {
  description: string;
  tags: MetaTag[];
  jsonLd: Record<string, unknown>;
  oembedUrl: string;
}

const og = (key: string, content: string): MetaTag => ({ attribute: "property", key, content });
const named = (key: string, content: string): MetaTag => ({ attribute: "name", key, content });

/** The card as og:image, with its size, type and alt text. */
function ogImageTags(card: CardImage, alt: string): MetaTag[] {
  return [
    og("og:image", card.url),
    og("og:image:width", String(card.width)),
    og("og:image:height", String(card.height)),
    og("og:image:type", card.type),
    og("og:image:alt", alt),
  ];
}

export function readingMinutes(paragraphs: string[]): number {
  const words = paragraphs.join(" ").split(/\s+/).filter(Boolean).length;
  return Math.max(1, Math.round(words / WORDS_PER_MINUTE));
}

/** "en-US" → "en_US", as Open Graph wants it. */
export function ogLocale(language: string): string {
  const [lang, region] = language.split("-");
  return region ? `${lang?.toLowerCase()}_${region.toUpperCase()}` : (lang ?? language).toLowerCase();
}

/**
 * Every social tag of an article page, pure: Open Graph, Twitter, fediverse:creator,
 * theme-color and one top-level JSON-LD NewsArticle. og:* and twitter:* carry the same
 * values, and each tag appears once (but article:author and article:tag, once per value).
 */
export function articleSocialMeta(
  article: Article,
  site: SiteConfig,
  images: { card: CardImage; schema: string[] },
  siteLogoUrl: string,
): SocialMeta {
  const cardUrl = images.card.url;
  // The body is parsed once, for both the description and the reading time.
  const paragraphs = bodyParagraphsText(article.bodyHtml);
  const description = articleDescription(article, paragraphs, site.name);
  const names = authorNames(article.authors, site.language);
  const imageAlt = `${article.title} – ${site.name}`;

  const tags: MetaTag[] = [
    named("author", names),
    og("og:type", "article"),
    og("og:title", article.title),
    og("og:description", description),
    og("og:url", article.canonicalUrl),
    og("og:site_name", site.name),
    og("og:locale", ogLocale(site.language)),
    ...ogImageTags(images.card, imageAlt),
    og("article:published_time", article.publishedAt),
    og("article:modified_time", article.updatedAt),
    ...article.authors.map((author) => og("article:author", authorUrl(site.url, author.slug))),
    ...(article.section ? [og("article:section", article.section.name)] : []),
    ...article.tags.map((tag) => og("article:tag", tag.name)),
    named("twitter:card", "summary_large_image"),
    named("twitter:title", article.title),
    named("twitter:description", description),
    named("twitter:image", cardUrl),
    named("twitter:image:alt", imageAlt),
    ...(site.xHandle ? [named("twitter:site", `@${site.xHandle}`)] : []),
    named("twitter:label1", "Written by"),
    named("twitter:data1", names),
    named("twitter:label2", "Reading time"),
    named("twitter:data2", `${readingMinutes(paragraphs)} min read`),
    ...article.authors.flatMap((author) => (author.fediverse ? [named("fediverse:creator", author.fediverse)] : [])),
    named("theme-color", THEME_COLOR),
  ];

  const jsonLd = {
    "@context": "https://schema.org",
    "@type": "NewsArticle",
    headline: article.title,
    description,
    // Google's three frames (16:9, 4:3, 1:1), each at least 1200 px wide, then the photo itself.
    image: [...images.schema, ...(article.leadImage ? [article.leadImage.url] : [])],
    datePublished: article.publishedAt,
    dateModified: article.updatedAt,
    author: article.authors.map((author) => ({ "@type": "Person", name: author.name, url: authorUrl(site.url, author.slug) })),
    publisher: {
      "@type": "Organization",
      name: site.publisherName,
      url: homeUrl(site.url),
      logo: { "@type": "ImageObject", url: siteLogoUrl },
    },
    mainEntityOfPage: { "@type": "WebPage", "@id": article.canonicalUrl },
    url: article.canonicalUrl,
    ...(article.section ? { articleSection: article.section.name } : {}),
    ...(article.tags.length ? { keywords: article.tags.map((tag) => tag.name).join(", ") } : {}),
    inLanguage: site.language,
  };

  return { description, tags, jsonLd, oembedUrl: oembedUrl(site.url, article.slug) };
}

/** JSON for a `<script type="application/ld+json">`: no `<` can close the script early. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/** Social tags for pages without an article (home, author, category): the default card. */
export function pageSocialMeta(page: { title: string; description: string; url: string }, site: SiteConfig, cardUrl: string): MetaTag[] {
  return [
    og("og:type", "website"),
    og("og:title", page.title),
    og("og:description", page.description),
    og("og:url", page.url),
    og("og:site_name", site.name),
    og("og:locale", ogLocale(site.language)),
    ...ogImageTags({ url: cardUrl, type: "image/png", ...CARD_FRAMES.og }, site.name),
    named("twitter:card", "summary_large_image"),
    named("twitter:title", page.title),
    named("twitter:description", page.description),
    named("twitter:image", cardUrl),
    named("twitter:image:alt", site.name),
    ...(site.xHandle ? [named("twitter:site", `@${site.xHandle}`)] : []),
    named("theme-color", THEME_COLOR),
  ];
}
