import type { SiteConfig } from "../site/config";
import { type Scope, SITE_SCOPE, scopeUrl } from "../site/urls";
import type { Article } from "./model";
import type { ArticleFilter } from "./repository";

export function scopeFilter(scope: Scope): ArticleFilter {
  if (scope.kind === "author") return { authorSlug: scope.slug };
  if (scope.kind === "category") return { sectionSlug: scope.slug };
  return {};
}

/** The key a scope's last change is recorded under ("site", "author:jane-roe", …). */
export function scopeKey(scope: Scope): string {
  return scope.kind === "site" ? "site" : `${scope.kind}:${scope.slug}`;
}

/** A scope back from its key; undefined for a key no scope has. */
export function scopeFromKey(key: string): Scope | undefined {
  if (key === "site") return SITE_SCOPE;
  const colon = key.indexOf(":");
  const kind = key.slice(0, colon);
  const slug = key.slice(colon + 1);
  return colon > 0 && slug && (kind === "author" || kind === "category") ? { kind, slug } : undefined;
}

type ScopeMembership = Pick<Article, "status" | "authors" | "section">;

/** Every scope a published article appears in: the site's, each author's and its section's. */
export function scopesOf(article: ScopeMembership): Scope[] {
  if (article.status !== "published") return [];
  return [
    SITE_SCOPE,
    ...article.authors.map((author): Scope => ({ kind: "author", slug: author.slug })),
    ...(article.section ? [{ kind: "category", slug: article.section.slug } as Scope] : []),
  ];
}

/** The scopes (and so the feeds and listings) an article change touches, before and after, without repeats. */
export function affectedScopes(before: ScopeMembership | undefined, after: ScopeMembership | undefined): Scope[] {
  const seen = new Map<string, Scope>();
  for (const scope of [...(before ? scopesOf(before) : []), ...(after ? scopesOf(after) : [])]) {
    seen.set(scopeKey(scope), scope);
  }
  return [...seen.values()];
}

/** Title, description and listing page of a scope, shared by its feeds and its listing page. */
export function describeScope(scope: Scope, name: string | undefined, site: SiteConfig) {
  const homeUrl = scopeUrl(site.url, scope);
  if (scope.kind === "author") return { title: `${site.name}: ${name}`, description: `Articles by ${name} from ${site.name}.`, homeUrl };
  if (scope.kind === "category") return { title: `${site.name}: ${name}`, description: `${name} articles from ${site.name}.`, homeUrl };
  return { title: site.name, description: site.description || site.name, homeUrl };
}
