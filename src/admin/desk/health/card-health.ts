import type { Article } from "../../../articles/model";
import type { ArticleRepository } from "../../../articles/repository";
import { CARD_MAX_BYTES } from "../../../cards/card-design";
import { articleCardFormat, articleCardKey, articleCardUrls, articleCardVersion } from "../../../cards/cards";
import type { SiteConfig } from "../../../site/config";

/** Published articles whose cards the page checks: one R2 lookup each. */
export const CHECKED_CARDS = 10;

export interface CardHealth {
  article: Article;
  /** The current version's share card, as crawlers are sent to it. */
  cardUrl: string;
  /** The stored share card; undefined when it is not drawn yet, "unknown" when R2 did not answer. */
  stored?: { bytes: number; uploaded: string; oversized: boolean } | "unknown";
}

/** Whether the current share card of an article is in R2, when it was stored and how large it is. */
async function articleCardHealth(cards: R2Bucket, site: SiteConfig, article: Article): Promise<CardHealth> {
  const version = await articleCardVersion(article, site);
  // The share card comes first among the version's frames.
  const [cardUrl = ""] = articleCardUrls(site, article, version);
  try {
    const head = await cards.head(articleCardKey(article, version, "og", articleCardFormat(article, site)));
    if (!head) return { article, cardUrl };
    return { article, cardUrl, stored: { bytes: head.size, uploaded: head.uploaded.toISOString(), oversized: head.size > CARD_MAX_BYTES } };
  } catch (err) {
    console.error(`desk health: R2 did not answer for the card of ${article.slug}`, err);
    return { article, cardUrl, stored: "unknown" };
  }
}

/**
 * The share cards of the most recently updated published articles. Drafts are left out: their
 * cards are never stored (the desk's article page draws a draft's preview on request).
 */
export async function cardHealth(repo: ArticleRepository, cards: R2Bucket, site: SiteConfig): Promise<CardHealth[]> {
  const articles = await repo.recentlyUpdated("published", CHECKED_CARDS);
  return Promise.all(articles.map((article) => articleCardHealth(cards, site, article)));
}
