import { articleUrl } from "../site/urls";
import type { Article, ArticleContent, ArticleSource, ArticleStatus, Person, Term } from "./model";

/** An article as written to D1: content plus identity and bookkeeping. */
export interface ArticleRecord {
  id: string;
  content: ArticleContent;
  contentHash: string;
  updatedAt: string;
  createdAt: string;
  source: ArticleSource;
  /** What the ingest pipeline warned about (leftover shortcodes, removed residue), kept for the desk's lint. */
  ingestWarnings?: string[];
}

interface ArticleRow {
  id: string;
  slug: string;
  title: string;
  dek: string | null;
  body_html: string;
  section_name: string | null;
  section_slug: string | null;
  lead_image_url: string | null;
  lead_image_alt: string | null;
  lead_image_width: number | null;
  lead_image_height: number | null;
  canonical_url: string | null;
  published_at: string;
  updated_at: string;
  status: ArticleStatus;
  content_hash: string;
  source_kind: string;
  source_ref: string | null;
  created_at: string;
  authors_json: string;
  tags_json: string;
}

/** Authors and tags come back as ordered JSON arrays, so a page of articles is one query. */
const ARTICLE_COLUMNS = `a.*,
    (SELECT json_group_array(json_object('name', author_name, 'slug', author_slug, 'fediverse', author_fediverse))
       FROM (SELECT author_name, author_slug, author_fediverse FROM article_authors WHERE article_id = a.id ORDER BY position)) AS authors_json,
    (SELECT json_group_array(json_object('name', tag_name, 'slug', tag_slug))
       FROM (SELECT tag_name, tag_slug FROM article_tags WHERE article_id = a.id ORDER BY position)) AS tags_json`;
const SELECT_ARTICLE = `SELECT ${ARTICLE_COLUMNS} FROM articles a`;

/** A scope's summary as columns of a query (see `scopeSummaryColumns`). */
interface ScopeSummaryRow {
  scope_published: number;
  scope_name: string | null;
  scope_last_change: string | null;
}

/**
 * A scope's published count, the last recorded change and its display name (as the newest
 * published article spells it), as three subqueries of a SELECT list. None refers to the outer
 * query, so SQLite runs each once per statement, however many rows the statement returns.
 * Each subquery walks an index on its own (a CTE used twice may be materialised and then
 * sorted for the name); the site has no name to look up.
 */
function scopeSummaryColumns(filter: ArticleFilter, scopeKey: string): { columns: string; params: unknown[] } {
  const [join, params, name] = filter.authorSlug
    ? ["JOIN article_authors fa ON fa.article_id = a.id AND fa.author_slug = ?", [filter.authorSlug], "fa.author_name"]
    : filter.sectionSlug
      ? ["", [], "a.section_name"]
      : ["", [], "NULL"];
  const where = `a.status = 'published'${filter.sectionSlug ? " AND a.section_slug = ?" : ""}`;
  const from = `FROM articles a ${join} WHERE ${where}`;
  const scopeParams = [...params, ...(filter.sectionSlug ? [filter.sectionSlug] : [])];
  const nameQuery = name === "NULL" ? "NULL" : `(SELECT ${name} ${from} ORDER BY a.published_at DESC, a.id DESC LIMIT 1)`;
  return {
    columns: `(SELECT count(*) ${from}) AS scope_published, ${nameQuery} AS scope_name,
      (SELECT changed_at FROM feed_changes WHERE scope = ?) AS scope_last_change`,
    params: [...scopeParams, ...(name === "NULL" ? [] : scopeParams), scopeKey],
  };
}

const summaryOf = (row: ScopeSummaryRow): ScopeSummary => ({
  published: row.scope_published,
  name: row.scope_name,
  lastChange: row.scope_last_change,
});

function toArticle(row: ArticleRow, siteUrl: string): Article {
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    dek: row.dek ?? undefined,
    bodyHtml: row.body_html,
    authors: (JSON.parse(row.authors_json) as (Person & { fediverse: string | null })[]).map(({ fediverse, ...person }) =>
      fediverse ? { ...person, fediverse } : person,
    ),
    section: row.section_name && row.section_slug ? { name: row.section_name, slug: row.section_slug } : undefined,
    tags: JSON.parse(row.tags_json) as Term[],
    leadImage: row.lead_image_url
      ? {
          url: row.lead_image_url,
          alt: row.lead_image_alt ?? "",
          width: row.lead_image_width ?? undefined,
          height: row.lead_image_height ?? undefined,
        }
      : undefined,
    canonicalUrl: row.canonical_url ?? articleUrl(siteUrl, row.slug),
    hasCanonicalOverride: row.canonical_url !== null,
    publishedAt: row.published_at,
    updatedAt: row.updated_at,
    status: row.status,
    contentHash: row.content_hash,
    source: { kind: row.source_kind, ref: row.source_ref ?? undefined },
    createdAt: row.created_at,
  };
}

/** The row a record is written as (authors and tags as the JSON the article query reads back). */
function rowOf(record: ArticleRecord): ArticleRow {
  const { content } = record;
  return {
    id: record.id,
    slug: content.slug,
    title: content.title,
    dek: content.dek ?? null,
    body_html: content.bodyHtml,
    section_name: content.section?.name ?? null,
    section_slug: content.section?.slug ?? null,
    lead_image_url: content.leadImage?.url ?? null,
    lead_image_alt: content.leadImage?.alt ?? null,
    lead_image_width: content.leadImage?.width ?? null,
    lead_image_height: content.leadImage?.height ?? null,
    canonical_url: content.canonicalUrlOverride ?? null,
    published_at: content.publishedAt,
    updated_at: record.updatedAt,
    status: content.status,
    content_hash: record.contentHash,
    source_kind: record.source.kind,
    source_ref: record.source.ref ?? null,
    created_at: record.createdAt,
    authors_json: JSON.stringify(content.authors.map(({ name, slug, fediverse }) => ({ name, slug, fediverse: fediverse ?? null }))),
    tags_json: JSON.stringify(content.tags.map(({ name, slug }) => ({ name, slug }))),
  };
}

/** The stored content of an article, for recomputing its hash after a change of status. */
export function contentOf(article: Article): ArticleContent {
  return {
    slug: article.slug,
    title: article.title,
    dek: article.dek,
    bodyHtml: article.bodyHtml,
    authors: article.authors,
    section: article.section,
    tags: article.tags,
    leadImage: article.leadImage,
    publishedAt: article.publishedAt,
    status: article.status,
    canonicalUrlOverride: article.hasCanonicalOverride ? article.canonicalUrl : undefined,
  };
}

export interface ListOptions {
  /** Only this status; "any" for the admin list. Defaults to published. */
  status?: ArticleStatus | "any";
  authorSlug?: string;
  sectionSlug?: string;
  tagSlug?: string;
  /** Only articles whose title contains this text (case-insensitive for ASCII letters, as SQLite's LIKE). */
  titleContains?: string;
  limit: number;
  /** Keyset position from a previous page's `nextCursor`. */
  after?: Cursor;
  /** Rows to skip instead (numbered feed pages). */
  offset?: number;
}

/** The feeds (scope keys) a write changes, and when: recorded with the write itself. */
export interface FeedChange {
  feeds: string[];
  at: string;
}

/** Which articles a feed or listing covers. */
export interface ArticleFilter {
  authorSlug?: string;
  sectionSlug?: string;
}

export interface FeedPageRows {
  articles: Article[];
  summary: ScopeSummary;
}

export interface ScopeSummary {
  published: number;
  /** Latest edit, deletion or import of any article in the scope (drafts included), or null. */
  lastChange: string | null;
  /** The author's or section's display name, when the scope is one. */
  name: string | null;
}

export interface SitemapRow {
  slug: string;
  title: string;
  canonicalUrl: string | null;
  publishedAt: string;
  updatedAt: string;
}

export interface Cursor {
  publishedAt: string;
  id: string;
}

export interface ArticlePage {
  articles: Article[];
  /** Position after the last article, when there may be more. */
  next?: Cursor;
}

export class ArticleRepository {
  constructor(
    private readonly db: D1Database,
    private readonly siteUrl: string,
  ) {}

  async getBySlug(slug: string): Promise<Article | undefined> {
    const row = await this.db.prepare(`${SELECT_ARTICLE} WHERE a.slug = ?`).bind(slug).first<ArticleRow>();
    return row ? toArticle(row, this.siteUrl) : undefined;
  }

  async getById(id: string): Promise<Article | undefined> {
    const row = await this.db.prepare(`${SELECT_ARTICLE} WHERE a.id = ?`).bind(id).first<ArticleRow>();
    return row ? toArticle(row, this.siteUrl) : undefined;
  }

  /**
   * The published article whose stored permalink is `url`, with or without its trailing slash
   * (WordPress permalinks end in one; a request may not).
   */
  async getPublishedByCanonicalUrl(url: string): Promise<Article | undefined> {
    const other = url.endsWith("/") ? url.slice(0, -1) : `${url}/`;
    const row = await this.db
      // `+a.status`: without it SQLite walks every published article by the status index
      // (23 ms a page view at 10,000 articles on the benchmark machine) instead of this lookup.
      .prepare(`${SELECT_ARTICLE} WHERE a.canonical_url IN (?, ?) AND +a.status = 'published' ORDER BY a.canonical_url = ? DESC LIMIT 1`)
      .bind(url, other, url)
      .first<ArticleRow>();
    return row ? toArticle(row, this.siteUrl) : undefined;
  }

  /** The current slug of a renamed article, if `oldSlug` was one of its slugs. */
  async findRenamedSlug(oldSlug: string): Promise<{ slug: string; status: ArticleStatus } | undefined> {
    const row = await this.db
      .prepare(`SELECT a.slug, a.status FROM slug_redirects r JOIN articles a ON a.id = r.article_id WHERE r.old_slug = ?`)
      .bind(oldSlug)
      .first<{ slug: string; status: ArticleStatus }>();
    return row ?? undefined;
  }

  /** Newest first; keyset paging on (published_at, id) so deep pages stay cheap. */
  async list(options: ListOptions): Promise<ArticlePage> {
    const { results } = await this.listStatement(options).all<ArticleRow>();
    const articles = results.slice(0, options.limit).map((row) => toArticle(row, this.siteUrl));
    const last = articles[articles.length - 1];
    return {
      articles,
      next: results.length > options.limit && last ? { publishedAt: last.publishedAt, id: last.id } : undefined,
    };
  }

  /**
   * A page of a feed's articles with its scope's summary, in one query: each query to D1 is a
   * round trip of its own, and running two at once still cost a local feed page 1.5 ms more
   * than one (measured December 2026). A page without articles asks for the summary alone.
   */
  async feedPage(filter: ArticleFilter, scopeKey: string, page: { limit: number; offset: number }): Promise<FeedPageRows> {
    const summary = scopeSummaryColumns(filter, scopeKey);
    const { results } = await this.listStatement({ ...filter, ...page }, summary).all<ArticleRow & ScopeSummaryRow>();
    const first = results[0];
    if (!first) return { articles: [], summary: await this.scopeSummary(filter, scopeKey) };
    return { articles: results.slice(0, page.limit).map((row) => toArticle(row, this.siteUrl)), summary: summaryOf(first) };
  }

  /** The list query, one row past the limit (it tells whether another page exists), with extra columns if asked. */
  private listStatement(options: ListOptions, extra?: { columns: string; params: unknown[] }): D1PreparedStatement {
    const joins: string[] = [];
    const joinParams: unknown[] = [];
    const where: string[] = [];
    const whereParams: unknown[] = [];
    if (options.authorSlug) {
      joins.push("JOIN article_authors fa ON fa.article_id = a.id AND fa.author_slug = ?");
      joinParams.push(options.authorSlug);
    }
    if (options.tagSlug) {
      joins.push("JOIN article_tags ft ON ft.article_id = a.id AND ft.tag_slug = ?");
      joinParams.push(options.tagSlug);
    }
    if (options.status !== "any") {
      where.push("a.status = ?");
      whereParams.push(options.status ?? "published");
    }
    if (options.sectionSlug) {
      where.push("a.section_slug = ?");
      whereParams.push(options.sectionSlug);
    }
    if (options.titleContains) {
      where.push("a.title LIKE ? ESCAPE '\\'");
      whereParams.push(`%${options.titleContains.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    }
    if (options.after) {
      where.push("(a.published_at, a.id) < (?, ?)");
      whereParams.push(options.after.publishedAt, options.after.id);
    }
    const columns = extra ? `${ARTICLE_COLUMNS}, ${extra.columns}` : ARTICLE_COLUMNS;
    const sql = `SELECT ${columns} FROM articles a ${joins.join(" ")}${where.length ? ` WHERE ${where.join(" AND ")}` : ""}
      ORDER BY a.published_at DESC, a.id DESC LIMIT ? OFFSET ?`;
    // The SELECT list's parameters come first: they are bound in the order they appear.
    return this.db.prepare(sql).bind(...(extra?.params ?? []), ...joinParams, ...whereParams, options.limit + 1, options.offset ?? 0);
  }

  /** A scope's published count, last recorded change and display name, in one query. */
  async scopeSummary(filter: ArticleFilter, scopeKey: string): Promise<ScopeSummary> {
    const { columns, params } = scopeSummaryColumns(filter, scopeKey);
    const row = await this.db
      .prepare(`SELECT ${columns}`)
      .bind(...params)
      .first<ScopeSummaryRow>();
    return row ? summaryOf(row) : { published: 0, lastChange: null, name: null };
  }

  /** Published articles, newest first, with only what a sitemap needs. */
  async listForSitemap(options: {
    limit: number;
    offset: number;
    publishedSince?: string;
    publishedUntil?: string;
  }): Promise<SitemapRow[]> {
    const { results } = await this.db
      .prepare(
        `SELECT slug, title, canonical_url AS canonicalUrl, published_at AS publishedAt, updated_at AS updatedAt
         FROM articles WHERE status = 'published' AND published_at >= ? AND published_at <= ?
         ORDER BY published_at DESC, id DESC LIMIT ? OFFSET ?`,
      )
      .bind(options.publishedSince ?? "", options.publishedUntil ?? "9999", options.limit, options.offset)
      .all<SitemapRow>();
    return results;
  }

  /**
   * Writes an article with its authors, tags and redirects in one D1 batch, which D1 runs
   * as a single transaction: a failure anywhere writes nothing. Answers the article as stored,
   * built from the same row the batch writes, so a write needs no read-back (one round trip
   * fewer, and no way to fail after the commit for want of a read).
   */
  async save(record: ArticleRecord, change: FeedChange & { previousSlug?: string }): Promise<Article> {
    const previousSlug = change.previousSlug;
    const { id, content } = record;
    const row = rowOf(record);
    const statements: D1PreparedStatement[] = [
      this.db
        .prepare(
          `INSERT INTO articles (id, slug, title, dek, body_html, section_name, section_slug,
             lead_image_url, lead_image_alt, lead_image_width, lead_image_height, canonical_url,
             published_at, updated_at, status, content_hash, source_kind, source_ref, created_at, ingest_warnings)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (id) DO UPDATE SET
             slug = excluded.slug, title = excluded.title, dek = excluded.dek, body_html = excluded.body_html,
             section_name = excluded.section_name, section_slug = excluded.section_slug,
             lead_image_url = excluded.lead_image_url, lead_image_alt = excluded.lead_image_alt,
             lead_image_width = excluded.lead_image_width, lead_image_height = excluded.lead_image_height,
             canonical_url = excluded.canonical_url, published_at = excluded.published_at,
             updated_at = excluded.updated_at, status = excluded.status, content_hash = excluded.content_hash,
             source_kind = excluded.source_kind, source_ref = excluded.source_ref,
             ingest_warnings = excluded.ingest_warnings`,
        )
        .bind(
          row.id,
          row.slug,
          row.title,
          row.dek,
          row.body_html,
          row.section_name,
          row.section_slug,
          row.lead_image_url,
          row.lead_image_alt,
          row.lead_image_width,
          row.lead_image_height,
          row.canonical_url,
          row.published_at,
          row.updated_at,
          row.status,
          row.content_hash,
          row.source_kind,
          row.source_ref,
          row.created_at,
          JSON.stringify(record.ingestWarnings ?? []),
        ),
      this.db.prepare("DELETE FROM article_authors WHERE article_id = ?").bind(id),
      ...content.authors.map((author, position) =>
        this.db
          .prepare("INSERT INTO article_authors (article_id, position, author_slug, author_name, author_fediverse) VALUES (?, ?, ?, ?, ?)")
          .bind(id, position, author.slug, author.name, author.fediverse ?? null),
      ),
      this.db.prepare("DELETE FROM article_tags WHERE article_id = ?").bind(id),
      ...content.tags.map((tag, position) =>
        this.db
          .prepare("INSERT INTO article_tags (article_id, position, tag_slug, tag_name) VALUES (?, ?, ?, ?)")
          .bind(id, position, tag.slug, tag.name),
      ),
      // A slug in use by an article is no longer a redirect.
      this.db.prepare("DELETE FROM slug_redirects WHERE old_slug = ?").bind(content.slug),
    ];
    if (previousSlug && previousSlug !== content.slug) {
      statements.push(
        this.db
          .prepare(
            "INSERT INTO slug_redirects (old_slug, article_id) VALUES (?, ?) ON CONFLICT (old_slug) DO UPDATE SET article_id = excluded.article_id",
          )
          .bind(previousSlug, id),
      );
    }
    await this.db.batch([...statements, ...this.recordFeedChanges(change)]);
    return toArticle(row, this.siteUrl);
  }

  /** Dates every feed the write changes; a date never moves backwards. */
  private recordFeedChanges({ feeds, at }: FeedChange): D1PreparedStatement[] {
    return feeds.map((scope) =>
      this.db
        .prepare(
          `INSERT INTO feed_changes (scope, changed_at) VALUES (?, ?)
           ON CONFLICT (scope) DO UPDATE SET changed_at = max(changed_at, excluded.changed_at)`,
        )
        .bind(scope, at),
    );
  }

  /** Tombstones an article: it keeps its id and slug, so neither is ever reused. */
  async markDeleted(id: string, contentHash: string, change: FeedChange): Promise<void> {
    await this.db.batch([
      this.db
        .prepare("UPDATE articles SET status = 'deleted', content_hash = ?, updated_at = ? WHERE id = ?")
        .bind(contentHash, change.at, id),
      ...this.recordFeedChanges(change),
    ]);
  }

  /** Every section articles have (drafts and deleted included), by name: the desk's filter. */
  async sections(): Promise<Term[]> {
    const { results } = await this.db
      .prepare(
        `SELECT section_slug AS slug, max(section_name) AS name FROM articles
         WHERE section_slug IS NOT NULL GROUP BY section_slug ORDER BY name`,
      )
      .all<Term>();
    return results;
  }

  /** What the ingest pipeline warned about when the article was last stored (empty when nothing, or unknown). */
  async ingestWarnings(id: string): Promise<string[]> {
    const row = await this.db
      .prepare("SELECT ingest_warnings AS warnings FROM articles WHERE id = ?")
      .bind(id)
      .first<{ warnings: string }>();
    return row ? (JSON.parse(row.warnings) as string[]) : [];
  }

  /**
   * The articles of one status most recently stored, newest edit first (the desk's card
   * health). No index covers updated_at: SQLite sorts the status's rows, which a newsroom's
   * archive of some thousands keeps cheap for a staff page.
   */
  async recentlyUpdated(status: ArticleStatus, limit: number): Promise<Article[]> {
    const { results } = await this.db
      .prepare(`${SELECT_ARTICLE} WHERE a.status = ? ORDER BY a.updated_at DESC, a.id DESC LIMIT ?`)
      .bind(status, limit)
      .all<ArticleRow>();
    return results.map((row) => toArticle(row, this.siteUrl));
  }

  /** The feeds (scope keys) changed most recently, with when: the site's and those of the authors and categories written to. */
  async recentFeedChanges(limit: number): Promise<{ scope: string; changedAt: string }[]> {
    const { results } = await this.db
      .prepare("SELECT scope, changed_at AS changedAt FROM feed_changes ORDER BY changed_at DESC, scope LIMIT ?")
      .bind(limit)
      .all<{ scope: string; changedAt: string }>();
    return results;
  }

  /** A cheap round trip for /healthz. */
  async countPublished(): Promise<number> {
    const row = await this.db.prepare("SELECT count(*) AS n FROM articles WHERE status = 'published'").first<{ n: number }>();
    return row?.n ?? 0;
  }
}
