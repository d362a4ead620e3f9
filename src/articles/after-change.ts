import type { Bindings, SiteConfig } from "../env";
import { articleCard, articleCardKey, articleCardVersion, cardUrlOf } from "../cards/cards";
import { announceArticleChange } from "../feeds/announce";
import { purgeEdgeCache } from "../http/edge-cache";
import { articlePath, type Article } from "./model";

/**
 * Everything an article change sets off, run in waitUntil after the write: the article's
 * pages (old and new slug) and its old card leave the edge cache and R2, its new card is
 * rendered ahead of the first crawler, and its feeds are purged and announced to WebSub hubs.
 * None of it can fail the write.
 */
export async function afterArticleChange(env: Bindings, site: SiteConfig, before: Article | undefined, after: Article): Promise<void> {
  const pages = [...new Set([before?.slug, after.slug].filter((slug): slug is string => slug !== undefined))].map(
    (slug) => `${site.url}${articlePath(slug)}`,
  );
  const newVersion = await articleCardVersion(after, site);
  const results = await Promise.allSettled([
    purgeEdgeCache(pages),
    before ? retireOldCard(env, site, before, after, newVersion) : Promise.resolve(),
    after.status === "published" ? articleCard(env.CARDS, after, site, newVersion) : Promise.resolve(),
    announceArticleChange(site, before, after),
  ]);
  for (const result of results) {
    if (result.status === "rejected") console.error("after an article change:", result.reason);
  }
}

/** The card of the previous version is neither served from the edge nor kept in R2. */
async function retireOldCard(env: Bindings, site: SiteConfig, before: Article, after: Article, newVersion: string): Promise<void> {
  const oldVersion = await articleCardVersion(before, site);
  if (oldVersion === newVersion && after.status === "published") return;
  await Promise.all([
    purgeEdgeCache([cardUrlOf(site, before.slug, oldVersion)]),
    env.CARDS.delete(articleCardKey(before, oldVersion)),
  ]);
}
