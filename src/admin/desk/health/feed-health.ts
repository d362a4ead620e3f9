import { SaxesParser } from "saxes";
import type { ArticleRepository } from "../../../articles/repository";
import { scopeFromKey } from "../../../articles/scope";
import { buildFeedDocument } from "../../../feeds/build";
import { FEED_RENDERERS, readFeedPage } from "../../../feeds/feed-page";
import type { SiteConfig } from "../../../site/config";
import { DEFAULT_FEED_LIMIT, FEED_FORMATS, type FeedFormat, feedUrl, type Scope, SITE_SCOPE } from "../../../site/urls";

/**
 * Author and category feeds checked besides the site's, the most recently changed first. Each
 * costs two D1 queries and three renders with their parses: twelve keep the page inside Workers
 * Free's 50 D1 queries an invocation, with room for the rest of the page.
 */
export const CHECKED_SCOPE_FEEDS = 12;

/** What a strict reader makes of a feed's bytes: how many items it finds, or the parser's error. */
export type FeedCheck = { items: number } | { error: string };

const ATOM_NS = "http://www.w3.org/2005/Atom";
const JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1";

/**
 * Parses an RSS or Atom document with saxes (strict and namespace-aware: any well-formedness
 * error or undeclared prefix fails, as in a strict feed reader) and counts its items: <item>
 * in the RSS <channel>, <entry> in the Atom <feed>.
 */
function checkXmlFeed(format: "rss" | "atom", text: string): FeedCheck {
  const parser = new SaxesParser({ xmlns: true });
  const path: { local: string; uri: string }[] = [];
  let failure: Error | undefined;
  let root: { local: string; uri: string } | undefined;
  let items = 0;
  parser.on("error", (err) => {
    failure ??= err;
  });
  parser.on("opentag", (tag) => {
    const element = { local: tag.local ?? tag.name, uri: tag.uri ?? "" };
    root ??= element;
    const parent = path.at(-1);
    if (format === "rss" && path.length === 2 && parent?.local === "channel" && element.local === "item" && element.uri === "") items++;
    if (format === "atom" && path.length === 1 && element.local === "entry" && element.uri === ATOM_NS) items++;
    path.push(element);
  });
  parser.on("closetag", () => path.pop());
  try {
    parser.write(text).close();
  } catch (err) {
    failure ??= err as Error;
  }
  if (failure) return { error: failure.message };
  if (format === "rss" && (root?.local !== "rss" || root.uri !== "")) return { error: `the root element is <${root?.local}>, not <rss>` };
  if (format === "atom" && (root?.local !== "feed" || root.uri !== ATOM_NS)) return { error: "the root element is not an Atom <feed>" };
  return { items };
}

const isText = (value: unknown): value is string => typeof value === "string";

/** JSON.parse, then JSON Feed 1.1's required members: version, title, items, and each item's id and content. */
function checkJsonFeed(text: string): FeedCheck {
  let feed: unknown;
  try {
    feed = JSON.parse(text);
  } catch (err) {
    return { error: (err as Error).message };
  }
  if (typeof feed !== "object" || feed === null) return { error: "the feed is not a JSON object" };
  const { version, title, items } = feed as Record<string, unknown>;
  if (version !== JSON_FEED_VERSION) return { error: `version is ${JSON.stringify(version)}, not "${JSON_FEED_VERSION}"` };
  if (!isText(title)) return { error: "title is missing" };
  if (!Array.isArray(items)) return { error: "items is not an array" };
  const bad = items.findIndex(
    (item: Record<string, unknown> | null) => !isText(item?.id) || !(isText(item.content_html) || isText(item.content_text)),
  );
  if (bad >= 0) return { error: `item ${bad + 1} has no string id, or neither content_html nor content_text` };
  return { items: items.length };
}

/** Whether a feed's text parses as its format requires, and how many items a reader finds in it. Pure. */
export function checkFeedText(format: FeedFormat, text: string): FeedCheck {
  return format === "json" ? checkJsonFeed(text) : checkXmlFeed(format, text);
}

export interface FeedFormatHealth {
  format: FeedFormat;
  url: string;
  check: FeedCheck;
}

export interface FeedHealth {
  scope: Scope;
  /** The author's or category's name, as the newest published article spells it. */
  name?: string;
  lastChange: string | null;
  /** Published articles in the scope (the first page carries at most DEFAULT_FEED_LIMIT). */
  published: number;
  /** Why the feed route answers 404 for it (an author or category left without published articles). */
  missing?: string;
  formats: FeedFormatHealth[];
}

/** One scope's feeds, built exactly as the feed route builds their first page, then parsed strictly. */
async function scopeFeedHealth(repo: ArticleRepository, site: SiteConfig, scope: Scope, recordedChange?: string): Promise<FeedHealth> {
  const urls = (format: FeedFormat) => feedUrl(site.url, scope, format);
  const read = await readFeedPage(repo, scope, { page: 1, limit: DEFAULT_FEED_LIMIT });
  if ("missing" in read) {
    return { scope, lastChange: recordedChange ?? null, published: 0, missing: read.missing, formats: [] };
  }
  const doc = buildFeedDocument(read.found, site);
  const formats = FEED_FORMATS.map((format): FeedFormatHealth => {
    const check = checkFeedText(format, FEED_RENDERERS[format](doc));
    // A reader finding fewer items than were written is as broken as one finding none.
    const mismatch = "items" in check && check.items !== doc.entries.length;
    return {
      format,
      url: urls(format),
      check: mismatch ? { error: `${check.items} items parsed of ${doc.entries.length} written` } : check,
    };
  });
  return { scope, name: read.found.scopeName, lastChange: read.found.lastChange, published: read.found.total, formats };
}

/** The site's feeds and those of the most recently changed authors and categories. */
export async function feedHealth(repo: ArticleRepository, site: SiteConfig): Promise<FeedHealth[]> {
  // One more than needed: the site's own row may be among them.
  const changes = await repo.recentFeedChanges(CHECKED_SCOPE_FEEDS + 1);
  const others = changes
    .map((change) => ({ scope: scopeFromKey(change.scope), at: change.changedAt }))
    .filter((entry): entry is { scope: Scope; at: string } => entry.scope !== undefined && entry.scope.kind !== "site")
    .slice(0, CHECKED_SCOPE_FEEDS);
  return Promise.all([scopeFeedHealth(repo, site, SITE_SCOPE), ...others.map(({ scope, at }) => scopeFeedHealth(repo, site, scope, at))]);
}
