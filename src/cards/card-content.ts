import type { Article } from "../articles/model";
import { authorNames, formatDate } from "../articles/summary";
import type { SiteConfig } from "../site/config";
import { type TextDirection, textDirection } from "../site/text-direction";
import type { CardText } from "./card-layout";
import { drawableOnCard } from "./fonts";

/**
 * "By …" in the languages whose newsrooms Herald has met; elsewhere the names stand alone,
 * which reads better than an English word on a Hebrew or Hindi card.
 */
const BYLINE_PREFIXES: Record<string, string> = { en: "By", ar: "بقلم", he: "מאת", fr: "Par", es: "Por", de: "Von", it: "Di", pt: "Por" };

function byline(names: string, language: string): string {
  const prefix = BYLINE_PREFIXES[language.split("-")[0]?.toLowerCase() ?? ""];
  return prefix ? `${prefix} ${names}` : names;
}

/**
 * A card's text as the card can draw it: emoji dropped, and a headline in a script the
 * card's fonts lack (Chinese, say) giving way to the site's name, as on the site card: the
 * platform prints the headline beside the image anyway, and boxes in its place would look
 * broken. The direction follows the headline's first letter, or the site's when it has none.
 */
export function cardText(fields: {
  headline: string;
  byline: string;
  siteName: string;
  fallbackName: string;
  section?: string;
  date?: string;
  siteDirection?: TextDirection;
}): CardText {
  const siteName = drawableOnCard(fields.siteName) || fields.fallbackName;
  const headline = drawableOnCard(fields.headline) || siteName;
  return {
    headline,
    byline: drawableOnCard(fields.byline) ?? "",
    siteName,
    section: fields.section === undefined ? undefined : drawableOnCard(fields.section),
    date: fields.date === undefined ? undefined : drawableOnCard(fields.date),
    direction: textDirection(headline) ?? fields.siteDirection ?? "ltr",
  };
}

/** What an article's card shows. */
export function articleCardText(article: Article, site: SiteConfig): CardText {
  return cardText({
    headline: article.title,
    byline: byline(authorNames(article.authors, site.language), site.language),
    siteName: site.name,
    fallbackName: new URL(site.url).host,
    section: article.section?.name,
    date: formatDate(article.publishedAt, site.language),
    siteDirection: site.direction,
  });
}

/** The site-wide card for the home page and pages without an article. */
export function defaultCardText(site: SiteConfig): CardText {
  const host = new URL(site.url).host;
  return cardText({ headline: site.name, byline: site.description, siteName: host, fallbackName: host, siteDirection: site.direction });
}
