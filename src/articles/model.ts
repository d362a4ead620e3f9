/** The article as every renderer sees it: plain data, whatever its source. */
export interface Article {
  /** Stable id: feed GUIDs are built from it, so it never changes on edit or rename. */
  id: string;
  slug: string;
  title: string;
  dek?: string;
  /** Sanitised HTML with absolute URLs; the share placeholder marks where the bar goes. */
  bodyHtml: string;
  authors: Person[];
  section?: Term;
  tags: Term[];
  leadImage?: LeadImage;
  /** Always absolute: the stored override or SITE_URL + /articles/<slug>. */
  canonicalUrl: string;
  /** True when canonicalUrl is the stored override (imported permalinks), not the default. */
  hasCanonicalOverride: boolean;
  publishedAt: string;
  updatedAt: string;
  status: ArticleStatus;
  contentHash: string;
  source: ArticleSource;
  createdAt: string;
}

export type ArticleStatus = "draft" | "published" | "deleted";

export interface Person {
  name: string;
  slug: string;
  /** Fediverse handle as "@user@instance", when the author has one. */
  fediverse?: string;
}

/** A section (category) or tag. */
export interface Term {
  name: string;
  slug: string;
}

export interface LeadImage {
  url: string;
  alt: string;
  width?: number;
  height?: number;
}

export interface ArticleSource {
  /** Where it came from: "api", "text" (scraped text import), "wordpress", … */
  kind: string;
  /** File name, WordPress post id or URL, for tracing an article back. */
  ref?: string;
}

/** The fields that make up an article's content; the content hash covers exactly these. */
export type ArticleContent = Pick<
  Article,
  "slug" | "title" | "dek" | "bodyHtml" | "authors" | "section" | "tags" | "leadImage" | "publishedAt" | "status"
> & { canonicalUrlOverride?: string };
