import { sha256, toHex } from "../../http/hash";
import { articleSlugFromUrl } from "../../site/urls";
import { type ArticlePut, type FieldProblem, MAX_STORED_BODY_BYTES } from "../input";
import type { ArticleContent, ArticleSource, ArticleStatus, Person, Term } from "../model";
import { slugFromName } from "../slug";
import { prepareBody } from "./body";
import { stripShareShortcodes } from "./shortcodes";

export interface PreparedArticle {
  content: ArticleContent;
  source: ArticleSource;
  /** Byline publication, share placeholders, removed residue: reported back to the caller. */
  report: {
    publication?: string;
    sharePlaceholders: number;
    removedResidue: string[];
    warnings: string[];
  };
}

export type PrepareResult = { ok: true; article: PreparedArticle } | { ok: false; problems: FieldProblem[] };

/**
 * Pure normalisation of a validated PUT body into article content: body through the ingest
 * pipeline, byline as authors when none are given, slugs derived from names, the default
 * canonical URL stored as "none" so renames move it.
 */
export function prepareArticle(
  input: ArticlePut,
  options: {
    slug: string;
    siteUrl: string;
    canonicalUrl: string;
    /** Publication names a scraped byline may end with (site and publisher name). */
    publications: string[];
    /** Status when the body gives none: the stored one for an edit, published for a new one. */
    defaultStatus: ArticleStatus;
  },
): PrepareResult {
  const problems: FieldProblem[] = [];
  const bodyField = input.bodyText !== undefined ? "bodyText" : "bodyHtml";
  const body = prepareBody(input.bodyText !== undefined ? { text: input.bodyText } : { html: input.bodyHtml ?? "" }, {
    baseUrl: options.canonicalUrl,
    publications: options.publications,
  });

  if (!body.ok) return { ok: false, problems: [{ field: bodyField, message: body.problem }] };

  const named = (value: { name: string; slug?: string }, field: string): Term | undefined => {
    const slug = value.slug ?? slugFromName(value.name);
    if (slug === "") {
      problems.push({ field, message: `cannot derive a slug from "${value.name}"; give { name, slug }` });
      return undefined;
    }
    return { name: value.name, slug };
  };

  const authorInputs = input.authors ?? body.byline?.authors.map((name) => ({ name })) ?? [];
  if (authorInputs.length === 0) {
    problems.push({ field: "authors", message: "is required (no byline was found in bodyText)" });
  }
  const authors = authorInputs.map((author: { name: string; slug?: string; fediverse?: string }, i): Person | undefined => {
    const person = named(author, `authors.${i}`);
    return person && author.fediverse ? { ...person, fediverse: author.fediverse } : person;
  });
  const section = input.section ? named(input.section, "section") : undefined;
  const tags = dedupeBySlug(input.tags.map((tag, i) => named(tag, `tags.${i}`)));
  const title = stripShareShortcodes(input.title);
  if (title === "") problems.push({ field: "title", message: "has no text besides the share shortcode" });
  if (body.html === "") problems.push({ field: bodyField, message: "has no content left after sanitising" });
  const storedBytes = new TextEncoder().encode(body.html).length;
  if (storedBytes > MAX_STORED_BODY_BYTES) {
    problems.push({ field: bodyField, message: `is ${storedBytes} bytes once sanitised; the limit is ${MAX_STORED_BODY_BYTES}` });
  }
  if (problems.length > 0) return { ok: false, problems };

  // Our own article URL is the default, not an override: storing it would pin the old slug.
  const override =
    input.canonicalUrl && articleSlugFromUrl(options.siteUrl, input.canonicalUrl) === undefined ? input.canonicalUrl : undefined;

  const content: ArticleContent = {
    slug: options.slug,
    title,
    dek: input.dek ? stripShareShortcodes(input.dek) || undefined : undefined,
    bodyHtml: body.html,
    authors: dedupeBySlug(authors),
    section,
    tags,
    leadImage: input.leadImage ?? undefined,
    publishedAt: input.publishedAt,
    status: input.status ?? options.defaultStatus,
    canonicalUrlOverride: override,
  };
  return {
    ok: true,
    article: {
      content,
      source: input.source ?? { kind: input.bodyText !== undefined ? "text" : "api" },
      report: {
        publication: body.byline?.publication,
        sharePlaceholders: body.sharePlaceholders,
        removedResidue: body.removedResidue,
        warnings: body.warnings,
      },
    },
  };
}

function dedupeBySlug<T extends Term>(terms: (T | undefined)[]): T[] {
  const seen = new Set<string>();
  return terms.filter((term): term is T => {
    if (!term || seen.has(term.slug)) return false;
    seen.add(term.slug);
    return true;
  });
}

/** SHA-256 over the content fields in a fixed order: the ETag and card version source. */
export async function hashContent(content: ArticleContent): Promise<string> {
  const canonical = JSON.stringify([
    content.slug,
    content.title,
    content.dek ?? null,
    content.bodyHtml,
    content.authors.map((a) => (a.fediverse ? [a.name, a.slug, a.fediverse] : [a.name, a.slug])),
    content.section ? [content.section.name, content.section.slug] : null,
    content.tags.map((t) => [t.name, t.slug]),
    content.leadImage
      ? [content.leadImage.url, content.leadImage.alt, content.leadImage.width ?? null, content.leadImage.height ?? null]
      : null,
    content.publishedAt,
    content.status,
    content.canonicalUrlOverride ?? null,
  ]);
  return toHex(await sha256(canonical));
}
