/**
 * Every public Herald path and URL: the patterns the routers mount, the builders every
 * renderer uses, and the parsers that read a URL back. Absolute URLs start from SITE_URL
 * (`siteUrl`, no trailing slash), never from the request's Host header.
 *
 * Slugs may be Unicode ("חדשות-היום"; see articles/slug.ts). Every builder here writes a slug
 * with encodeURIComponent (UTF-8, upper-case hex: what a browser's URL parser makes of the
 * raw letters, so the address a visitor's request arrives at is the key Herald keeps it under);
 * every parser gives it back decoded and in NFC, the form slugs are stored in.
 */

/** Whose articles a listing page or feed carries: the whole site, one author, or one category (section). */
export type Scope = { kind: "site" } | { kind: "author"; slug: string } | { kind: "category"; slug: string };

export const SITE_SCOPE: Scope = { kind: "site" };

export type FeedFormat = "rss" | "atom" | "json";
export const FEED_FORMATS: FeedFormat[] = ["rss", "atom", "json"];
const FEED_FILE_NAMES: Record<FeedFormat, string> = { rss: "feed.xml", atom: "atom.xml", json: "feed.json" };

/** What each feed URL serves: the `type` of its autodiscovery link, and of its answer. */
export const FEED_MEDIA_TYPES: Record<FeedFormat, string> = {
  rss: "application/rss+xml",
  atom: "application/atom+xml",
  json: "application/feed+json",
};

/** Items on a feed page unless `?limit=` says otherwise; the canonical URL leaves it out. */
export const DEFAULT_FEED_LIMIT = 20;

/** The prefix of every JSON API path: its errors are JSON too. */
export const API_PREFIX = "/api/";
const ARTICLES_API = `${API_PREFIX}articles`;

/** Where share links live (the Mastodon cookie is scoped to it). */
export const SHARE_PREFIX = "/share/";

/** The editor's desk: staff only, never cached or indexed. */
export const DESK_PREFIX = "/desk/";

/** The desk's route patterns (relative to the site, as the desk's router mounts them). */
export const DESK_ROUTES = {
  home: DESK_PREFIX,
  signIn: `${DESK_PREFIX}sign-in`,
  signOut: `${DESK_PREFIX}sign-out`,
  /** One article (drafts too): its share previews and lint. */
  article: `${DESK_PREFIX}articles/:slug`,
  /** The article's share card as it would be drawn now (drafts too), for the previews. */
  articleCard: `${DESK_PREFIX}articles/:slug/card`,
  articleShares: `${DESK_PREFIX}articles/:slug/shares`,
  articleSharesCsv: `${DESK_PREFIX}articles/:slug/shares.csv`,
  /** Publishing actions on one article (POST forms). */
  articleRerenderCard: `${DESK_PREFIX}articles/:slug/rerender-card`,
  articlePurge: `${DESK_PREFIX}articles/:slug/purge`,
  articleReannounce: `${DESK_PREFIX}articles/:slug/reannounce`,
  shares: `${DESK_PREFIX}shares`,
  sharesCsv: `${DESK_PREFIX}shares.csv`,
  health: `${DESK_PREFIX}health`,
} as const;

type DeskArticleRoute = {
  [K in keyof typeof DESK_ROUTES]: (typeof DESK_ROUTES)[K] extends `${string}:slug${string}` ? K : never;
}[keyof typeof DESK_ROUTES];

/** A desk path for one article, e.g. deskArticlePath("articleShares", "my-story") = "/desk/articles/my-story/shares". */
export function deskArticlePath(route: DeskArticleRoute, slug: string): string {
  return DESK_ROUTES[route].replace(":slug", encodedSlug(slug));
}

/** Route patterns, as the routers mount them. */
export const ROUTES = {
  home: "/",
  article: "/articles/:slug",
  author: "/authors/:slug",
  category: "/categories/:slug",
  /** The site's feed in one format: "/feed.xml". */
  siteFeed: (format: FeedFormat) => `/${FEED_FILE_NAMES[format]}`,
  /** An author's or category's feed in one format: "/authors/:slug/feed.xml". */
  scopeFeed: (kind: "author" | "category", format: FeedFormat) => `${SCOPE_FOLDERS[kind]}/:slug/${FEED_FILE_NAMES[format]}`,
  card: "/cards/:file",
  siteCard: "/site-card.png",
  share: `${SHARE_PREFIX}:slug/:network`,
  /** Public share totals, below the admin API's paths but not guarded by its token. */
  shareTotals: `${ARTICLES_API}/:slug/shares`,
  adminArticles: ARTICLES_API,
  adminArticle: `${ARTICLES_API}/:slug`,
  /** Admin: run the WordPress REST sync now (a publish hook on the WordPress side). */
  wordpressSync: `${API_PREFIX}wordpress/sync`,
  /** Admin: publish jobs (purges, cards, WebSub pings) that failed, and each one's retry. */
  publishFailures: `${API_PREFIX}publish/failures`,
  publishFailure: `${API_PREFIX}publish/failures/:jobId`,
  publishFailureRetry: `${API_PREFIX}publish/failures/:jobId/retry`,
  oembed: "/oembed",
  sitemap: "/sitemap.xml",
  sitemapPage: "/:file{sitemap-[1-9][0-9]{0,5}\\.xml}",
  newsSitemap: "/news-sitemap.xml",
  robots: "/robots.txt",
  health: "/healthz",
  /**
   * The share bar's stylesheet and script as files, for origin pages in edge mode: the origin's
   * own Content-Security-Policy usually allows 'self' but not Herald's inline hashes. The
   * prefix keeps them clear of the origin's paths.
   */
  shareBarStylesheet: "/_herald/share-bar.css",
  shareBarScript: "/_herald/share-bar.js",
} as const;

const SCOPE_FOLDERS = { author: "/authors", category: "/categories" } as const;

/**
 * WordPress feed paths and the feed each now is (`feedUrl` of the scope and format), so
 * subscribers of a migrated WordPress site keep their subscription. Each is mounted with and
 * without its trailing slash.
 */
export const WORDPRESS_SITE_FEEDS: { path: string; format: FeedFormat }[] = [
  { path: "/feed", format: "rss" },
  { path: "/feed/rss2", format: "rss" },
  { path: "/feed/atom", format: "atom" },
];
export const WORDPRESS_SCOPE_FEEDS: { path: string; kind: "author" | "category" }[] = [
  { path: "/author/:slug/feed", kind: "author" },
  { path: "/category/:slug/feed", kind: "category" },
];

/** Paths crawlers are kept out of (robots.txt). */
export const UNINDEXED_PREFIXES = [API_PREFIX, SHARE_PREFIX, DESK_PREFIX];

export function homeUrl(siteUrl: string): string {
  return `${siteUrl}/`;
}

/**
 * A slug as it is stored, from a path segment or route parameter: NFC, so an NFD spelling
 * finds the same article. Hono gives route parameters percent-decoded already (%D7%A9 and
 * %d7%a9 alike), so this does not decode again: "%2561" must not become "a".
 */
export function slugFromParam(param: string): string {
  return param.normalize("NFC");
}

/** A slug from a percent-encoded path segment; one that is not valid UTF-8 comes back as it is, for isSlug to refuse. */
function decodedSlug(segment: string): string {
  try {
    return slugFromParam(decodeURIComponent(segment));
  } catch {
    return segment;
  }
}

/** A slug as it goes into a path. */
const encodedSlug = encodeURIComponent;

export function articlePath(slug: string): string {
  return `/articles/${encodedSlug(slug)}`;
}

/** The article's own page: its canonical URL unless an imported permalink overrides it. */
export function articleUrl(siteUrl: string, slug: string): string {
  return `${siteUrl}${articlePath(slug)}`;
}

/** "", "/authors/jane-roe" or "/categories/world": the listing page's path and the feeds' folder. */
function scopePath(scope: Scope): string {
  return scope.kind === "site" ? "" : `${SCOPE_FOLDERS[scope.kind]}/${encodedSlug(scope.slug)}`;
}

/** The listing page of a scope: home, an author's or a category's page. */
export function scopeUrl(siteUrl: string, scope: Scope): string {
  return scope.kind === "site" ? homeUrl(siteUrl) : `${siteUrl}${scopePath(scope)}`;
}

/** An older page of a listing, from the cursor of the last article shown. */
export function olderListingUrl(siteUrl: string, scope: Scope, cursor: string): string {
  return `${scopeUrl(siteUrl, scope)}?before=${cursor}`;
}

export function authorUrl(siteUrl: string, slug: string): string {
  return scopeUrl(siteUrl, { kind: "author", slug });
}

export function categoryUrl(siteUrl: string, slug: string): string {
  return scopeUrl(siteUrl, { kind: "category", slug });
}

/** `?limit=…&page=…` for a feed page, leaving out defaults so the plain URL is the first page. */
export function feedPageQuery(page: number, limit: number): string {
  const params = new URLSearchParams();
  if (limit !== DEFAULT_FEED_LIMIT) params.set("limit", String(limit));
  if (page > 1) params.set("page", String(page));
  const query = params.toString();
  return query ? `?${query}` : "";
}

/** A scope's feed in one format: the first page at the default size, unless `page` says otherwise. */
export function feedUrl(siteUrl: string, scope: Scope, format: FeedFormat, page?: { page: number; limit: number }): string {
  const query = page ? feedPageQuery(page.page, page.limit) : "";
  return `${siteUrl}${scopePath(scope)}/${FEED_FILE_NAMES[format]}${query}`;
}

/**
 * What follows the slug in a card's file name: the frame ("" for the share card, or a JSON-LD
 * frame such as "16x9") and the file type.
 */
export interface CardFile {
  frame: "" | "16x9" | "4x3" | "1x1";
  extension: "png" | "jpg";
}

const CARD_FILE = /^([^.]+)\.(?:(16x9|4x3|1x1)\.)?(png|jpg)$/;

function cardPath(slug: string, file: CardFile): string {
  return `/cards/${encodedSlug(slug)}.${file.frame ? `${file.frame}.` : ""}${file.extension}`;
}

/** One version of one of an article's cards (also its edge-cache key): "/cards/iraq.jpg?v=…", "/cards/iraq.16x9.jpg?v=…". */
export function cardUrl(siteUrl: string, slug: string, version: string, file: CardFile): string {
  return `${siteUrl}${cardPath(slug, file)}?v=${encodeURIComponent(version)}`;
}

/** An article's card without a version: it redirects to the current one. */
export function unversionedCardUrl(siteUrl: string, slug: string, file: CardFile): string {
  return `${siteUrl}${cardPath(slug, file)}`;
}

/**
 * A card's file name read back ("iraq.16x9.jpg" → iraq, 16x9, jpg), or undefined when it is not
 * a card's name. `name` is the route parameter, decoded by Hono (see slugFromParam).
 */
export function parseCardFile(name: string): { slug: string; file: CardFile } | undefined {
  const match = CARD_FILE.exec(name);
  if (!match?.[1] || !match[3]) return undefined;
  return {
    slug: slugFromParam(match[1]),
    file: { frame: (match[2] ?? "") as CardFile["frame"], extension: match[3] as CardFile["extension"] },
  };
}

/** The site-wide card lives outside /cards/, so no article slug can shadow it. */
export function siteCardUrl(siteUrl: string, version: string): string {
  return `${siteUrl}${ROUTES.siteCard}?v=${version}`;
}

/** Herald's own share link for an article and network (counted, then redirected). */
export function shareUrl(siteUrl: string, slug: string, network: string): string {
  return `${siteUrl}${SHARE_PREFIX}${encodedSlug(slug)}/${network}`;
}

/** A versioned share-bar asset (stylesheet or script): cached for good, a new version is a new URL. */
export function shareBarAssetUrl(siteUrl: string, asset: "shareBarStylesheet" | "shareBarScript", version: string): string {
  return `${siteUrl}${ROUTES[asset]}?v=${version}`;
}

/** Where the admin API keeps an article (the Location of a 201). */
export function adminArticlePath(slug: string): string {
  return `${ROUTES.adminArticles}/${encodedSlug(slug)}`;
}

/** The oEmbed endpoint for one article page. */
export function oembedUrl(siteUrl: string, slug: string): string {
  return `${siteUrl}${ROUTES.oembed}?${new URLSearchParams({ url: articleUrl(siteUrl, slug), format: "json" })}`;
}

export function sitemapUrl(siteUrl: string): string {
  return `${siteUrl}${ROUTES.sitemap}`;
}

/** Page `n` (from 1) of a sitemap split past the protocol's 50,000 URLs. */
export function sitemapPageUrl(siteUrl: string, n: number): string {
  return `${siteUrl}/sitemap-${n}.xml`;
}

/** The page number in a sitemap page's file name ("sitemap-2.xml" → 2). */
export function sitemapPageFromFile(file: string): number {
  return Number(file.slice("sitemap-".length, -".xml".length));
}

export function newsSitemapUrl(siteUrl: string): string {
  return `${siteUrl}${ROUTES.newsSitemap}`;
}

/** True for URLs under SITE_URL (sitemaps may list only those). */
export function isSiteUrl(siteUrl: string, url: string): boolean {
  return url.startsWith(`${siteUrl}/`);
}

/**
 * The slug of one of our article URLs, decoded, ignoring a query, fragment or trailing slash
 * ("https://news.example/articles/iraq?x#y" → "iraq", ".../articles/%D7%A9" → "ש"); undefined
 * for any other URL. Whether the slug is well formed is the caller's check.
 */
export function articleSlugFromUrl(siteUrl: string, url: string): string | undefined {
  const prefix = `${siteUrl}/articles/`;
  if (!url.startsWith(prefix)) return undefined;
  return decodedSlug(
    url
      .slice(prefix.length)
      .replace(/[?#].*$/, "")
      .replace(/\/$/, ""),
  );
}

/**
 * The canonical URL a request stands for: SITE_URL with the request's path and query, the
 * key of everything kept at the edge. The request URL is already normalised, so its path
 * and query follow the host's first "/".
 */
export function canonicalRequestUrl(siteUrl: string, requestUrl: string): string {
  return `${siteUrl}${requestUrl.slice(requestUrl.indexOf("/", requestUrl.indexOf("//") + 2))}`;
}

/**
 * Click-tracking parameters that platforms and newsletters add to links (Facebook's fbclid,
 * Google's gclid, Mailchimp's mc_cid, every utm_…): they never change what a page says.
 */
const TRACKING_PARAMETER = /^(?:utm_[a-z]+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|twclid|igshid|mc_cid|mc_eid|_ga)$/i;

/**
 * The key an origin page is kept under in edge mode: its canonical request URL (from
 * canonicalRequestUrl) without click-tracking parameters, so a shared link's `?fbclid=…` is the
 * same page (answered from the same copy, and purged with it), not a new one for the origin to
 * render.
 */
export function originPageKey(canonical: string): string {
  if (!canonical.includes("?")) return canonical;
  const url = new URL(canonical);
  const kept = [...url.searchParams].filter(([name]) => !TRACKING_PARAMETER.test(name));
  if (kept.length === [...url.searchParams].length) return canonical;
  url.search = new URLSearchParams(kept).toString();
  return url.href;
}
