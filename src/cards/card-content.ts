import type { Article } from "../articles/model";
import { authorNames, formatDate } from "../articles/summary";
import type { SiteConfig } from "../site/config";
import type { CardContent } from "./card-image";

/** What an article's card shows. The lead image is added by the caller once fetched. */
export function articleCardContent(article: Article, site: SiteConfig): CardContent {
  const names = authorNames(article.authors, site.language);
  return {
    headline: article.title,
    byline: `By ${names}`,
    siteName: site.name,
    section: article.section?.name,
    date: formatDate(article.publishedAt, site.language),
  };
}

/** The site-wide card for the home page and pages without an article. */
export function defaultCardContent(site: SiteConfig): CardContent {
  return { headline: site.name, byline: site.description, siteName: new URL(site.url).host };
}
