import type { Bindings, SiteConfig } from "../env";
import { articleCard } from "../cards/cards";
import { announceArticleChange } from "../feeds/announce";
import { purgeEdgeCache } from "../http/edge-cache";
import { articlePath, type Article } from "./model";

/**
 * Everything an article change sets off, run in waitUntil after the write: the article's
 * pages (old and new slug) leave the edge cache, its new card is rendered ahead of the first
 * crawler, and its feeds are purged and announced to WebSub hubs. None of it can fail the write.
 */
export async function afterArticleChange(env: Bindings, site: SiteConfig, before: Article | undefined, after: Article): Promise<void> {
  const pages = [...new Set([before?.slug, after.slug].filter((slug): slug is string => slug !== undefined))].map(
    (slug) => `${site.url}${articlePath(slug)}`,
  );
  const results = await Promise.allSettled([
    purgeEdgeCache(pages),
    after.status === "published" ? articleCard(env.CARDS, after, site) : Promise.resolve(),
    announceArticleChange(site, before, after),
  ]);
  for (const result of results) {
    if (result.status === "rejected") console.error("after an article change:", result.reason);
  }
}
