import type { TextDirection } from "../site/text-direction";
import { FEED_MEDIA_TYPES, type FeedFormat } from "../site/urls";

/**
 * A feed as plain data, built from articles and rendered by the RSS, Atom and JSON Feed
 * writers. Every URL is absolute; every date is ISO 8601 UTC.
 */
export interface FeedDocument {
  title: string;
  /** Plain text. */
  description: string;
  /** The HTML page this feed belongs to (home, author or category page). */
  homeUrl: string;
  language: string;
  /** The newest change to anything in the feed's scope; never "now", so bytes are stable. */
  updated: string;
  /** This feed's own URL in each format (and this page of it). */
  self: Record<FeedFormat, string>;
  /** RFC 5005 paging links for this format, absent when there is only one page. */
  paging: Record<FeedFormat, FeedPaging | undefined>;
  hubs: string[];
  /** Square site icon (PNG, JPEG or GIF), absolute URL. */
  icon?: string;
  generator: string;
  entries: FeedEntry[];
}

export interface FeedPaging {
  first: string;
  previous?: string;
  next?: string;
  last: string;
}

export interface FeedEntry {
  /** Stable, never reused IRI (urn:uuid:…), from the article id. */
  id: string;
  url: string;
  /** Plain text. */
  title: string;
  /** Plain text. */
  summary: string;
  /**
   * Sanitised HTML with absolute URLs and the share placeholder expanded for feeds, inside a
   * `<div dir>` when it has a `direction`.
   */
  contentHtml: string;
  /**
   * The direction the item's HTML (content, and summary where it is HTML) is marked with, when
   * a reader could get it wrong: right-to-left text, or any item of a right-to-left site.
   */
  direction?: TextDirection;
  published: string;
  updated: string;
  authors: { name: string; url: string }[];
  /** Section first, then tags; `url` is the category page when there is one. */
  categories: { name: string; slug: string; url?: string }[];
  image?: FeedImage;
}

export interface FeedImage {
  url: string;
  alt: string;
  /** MIME type from the file name, when it names a known image type. */
  type?: string;
  width?: number;
  height?: number;
}

export const FEED_CONTENT_TYPES: Record<FeedFormat, string> = {
  rss: `${FEED_MEDIA_TYPES.rss}; charset=utf-8`,
  atom: `${FEED_MEDIA_TYPES.atom}; charset=utf-8`,
  json: `${FEED_MEDIA_TYPES.json}; charset=utf-8`,
};
