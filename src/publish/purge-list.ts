import type { Article } from "../articles/model";
import { affectedScopes } from "../articles/scope";
import type { SiteConfig } from "../site/config";
import { articleUrl, homeUrl, scopeUrl } from "../site/urls";

/**
 * Every page a change alters, as kept in the edge cache: Herald's article page under the old
 * and new slug, the permalink an imported or synced post keeps (an origin page in edge mode),
 * the home page, and the first page of the author and category listings of every scope the
 * article was or is in (older listing pages are never kept).
 */
export function changedPages(site: SiteConfig, { before, after }: { before: Article | undefined; after: Article }): string[] {
  const permalinks = [before, after].flatMap((article) => (article?.hasCanonicalOverride ? [article.canonicalUrl] : []));
  const slugs = [before?.slug, after.slug].filter((slug) => slug !== undefined);
  const listings = affectedScopes(before, after).map((scope) => scopeUrl(site.url, scope));
  return [...new Set([...slugs.map((slug) => articleUrl(site.url, slug)), ...permalinks, homeUrl(site.url), ...listings])];
}
