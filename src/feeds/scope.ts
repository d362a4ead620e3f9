import type { Article } from "../articles/model";
import type { ArticleFilter } from "../articles/repository";
import { FEED_FILE_NAMES, type FeedFormat } from "./model";

/** Whose articles a feed carries: the whole site, one author, or one category (section). */
export type FeedScope = { kind: "site" } | { kind: "author"; slug: string } | { kind: "category"; slug: string };

export const SITE_SCOPE: FeedScope = { kind: "site" };
export const FEED_FORMATS: FeedFormat[] = ["rss", "atom", "json"];

/** "", "/authors/jane-roe" or "/categories/world": the HTML page and the feeds' folder. */
export function scopePath(scope: FeedScope): string {
  if (scope.kind === "author") return `/authors/${scope.slug}`;
  if (scope.kind === "category") return `/categories/${scope.slug}`;
  return "";
}

export function scopeFilter(scope: FeedScope): ArticleFilter {
  if (scope.kind === "author") return { authorSlug: scope.slug };
  if (scope.kind === "category") return { sectionSlug: scope.slug };
  return {};
}

/** The feed's URL for one format: first page, default size, unless paging says otherwise. */
export function feedUrl(siteUrl: string, scope: FeedScope, format: FeedFormat, query = ""): string {
  return `${siteUrl}${scopePath(scope)}/${FEED_FILE_NAMES[format]}${query}`;
}

/** The key a scope's last change is recorded under ("site", "author:jane-roe", …). */
export function scopeKey(scope: FeedScope): string {
  return scope.kind === "site" ? "site" : `${scope.kind}:${scope.slug}`;
}

type FeedMembership = Pick<Article, "status" | "authors" | "section">;

/** Every feed a published article appears in: the site's, each author's and its section's. */
export function scopesOf(article: FeedMembership): FeedScope[] {
  if (article.status !== "published") return [];
  return [
    SITE_SCOPE,
    ...article.authors.map((author): FeedScope => ({ kind: "author", slug: author.slug })),
    ...(article.section ? [{ kind: "category", slug: article.section.slug } as FeedScope] : []),
  ];
}

/** The feeds an article change touches, before and after, without repeats. */
export function affectedScopes(before: FeedMembership | undefined, after: FeedMembership | undefined): FeedScope[] {
  const seen = new Map<string, FeedScope>();
  for (const scope of [...(before ? scopesOf(before) : []), ...(after ? scopesOf(after) : [])]) {
    seen.set(scopePath(scope), scope);
  }
  return [...seen.values()];
}
