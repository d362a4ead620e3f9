import * as v from "valibot";
import { HttpError } from "../http/errors";
import type { SiteConfig } from "../site/config";
import { articlePath, articleUrl } from "../site/urls";
import { hashContent, type PreparedArticle, prepareArticle } from "./ingest/prepare";
import { ArticlePutSchema, describeIssues } from "./input";
import type { Article } from "./model";
import { type ArticleRepository, contentOf } from "./repository";
import { affectedScopes, scopeKey } from "./scope";
import { isSlug, SLUG_RULE } from "./slug";

/** Clock difference allowed between the caller and the Worker for "published now". */
const FUTURE_TOLERANCE_MS = 5 * 60 * 1000;

export interface PutOutcome {
  article: Article;
  created: boolean;
  /** False when the stored article already had exactly this content: nothing was written. */
  changed: boolean;
  /** The slug the article had before, when this PUT renamed it. */
  renamedFrom?: string;
  /** The article as it was before this PUT, if it existed. */
  previous?: Article;
  report: PreparedArticle["report"];
}

/**
 * Create or replace the article at `slug`. Identity: the body's `id` when given (a different
 * current slug means a rename), otherwise whatever article holds `slug`. Every check runs
 * before the single write, so a rejected request writes nothing.
 */
export async function putArticle(
  repo: ArticleRepository,
  site: Pick<SiteConfig, "url" | "name" | "publisherName">,
  slug: string,
  body: unknown,
  now: string,
): Promise<PutOutcome> {
  // Checked here, not only by the admin route: imports and the WordPress sync call this too,
  // and a slug that is not one could never be served or linked.
  if (!isSlug(slug)) throw HttpError.json(422, "invalid article", [{ field: "slug", message: `must be ${SLUG_RULE}` }]);
  const parsed = v.safeParse(ArticlePutSchema, body);
  if (!parsed.success) throw HttpError.json(422, "invalid article", describeIssues(parsed.issues));
  const input = parsed.output;
  if (input.slug !== undefined && input.slug !== slug) {
    throw HttpError.json(422, "invalid article", [{ field: "slug", message: `must match the slug in the URL (${slug})` }]);
  }

  const holder = await repo.getBySlug(slug);
  let existing = holder;
  if (input.id !== undefined) {
    if (holder && holder.id !== input.id) {
      throw HttpError.json(409, "slug already taken", [`${articlePath(slug)} belongs to article ${holder.id}, not ${input.id}`]);
    }
    existing = holder ?? (await repo.getById(input.id));
  }
  const prepared = prepareArticle(input, {
    slug,
    siteUrl: site.url,
    canonicalUrl: input.canonicalUrl ?? articleUrl(site.url, slug),
    publications: [site.name, site.publisherName],
    defaultStatus: existing?.status ?? "published",
  });
  if (!prepared.ok) throw HttpError.json(422, "invalid article", prepared.problems);
  const { content, source, report } = prepared.article;
  if (content.status === "published" && Date.parse(content.publishedAt) > Date.parse(now) + FUTURE_TOLERANCE_MS) {
    // Nothing would announce it when its time comes (no purge, no WebSub ping): keep it a draft until then.
    throw HttpError.json(422, "invalid article", [
      { field: "publishedAt", message: "is in the future; save the article as a draft and publish it when the time comes" },
    ]);
  }
  const contentHash = await hashContent(content);

  const unchanged = existing?.contentHash === contentHash;
  // A tombstone is never brought back by accident (a re-import), edited or moved: only an
  // explicit status of published or draft restores it. Sending back exactly what GET returned
  // for it (status "deleted" included) is a harmless no-op.
  const restoring = content.status !== "deleted";
  const tombstoneRoundTrip = input.status === "deleted" && unchanged;
  if (existing?.status === "deleted" && !restoring && !tombstoneRoundTrip) {
    throw HttpError.json(409, "article was deleted", [
      `article ${existing.id} is a tombstone; send "status": "published" (or "draft") to restore it`,
    ]);
  }
  if (existing && unchanged) return { article: existing, created: false, changed: false, report };

  // An edit is dated now unless the caller gives a later time (a WordPress "modified" date);
  // a new article is as fresh as its publication unless told otherwise.
  const updatedAt = existing
    ? input.updatedAt && input.updatedAt > existing.updatedAt
      ? input.updatedAt
      : now
    : (input.updatedAt ?? content.publishedAt);
  const id = existing?.id ?? input.id ?? crypto.randomUUID();

  let saved: Article;
  try {
    saved = await repo.save(
      {
        id,
        content,
        contentHash,
        updatedAt,
        createdAt: existing?.createdAt ?? now,
        source: existing?.source ?? source,
        ingestWarnings: report.warnings,
      },
      { previousSlug: existing?.slug, feeds: affectedScopes(existing, content).map(scopeKey), at: now },
    );
  } catch (err) {
    // Another request took the slug between our check and the write.
    if (/UNIQUE constraint failed: articles\.slug/.test(String(err))) {
      throw HttpError.json(409, "slug already taken", [`${articlePath(slug)} was just taken by another article`]);
    }
    throw err;
  }
  return {
    article: saved,
    created: !existing,
    changed: true,
    renamedFrom: existing && existing.slug !== slug ? existing.slug : undefined,
    previous: existing,
    report,
  };
}

/** Tombstones the article at `slug`. Deleting twice is harmless (and changes nothing). */
export async function deleteArticle(
  repo: ArticleRepository,
  slug: string,
  now: string,
): Promise<{ article: Article; changed: boolean; previous: Article }> {
  const previous = await repo.getBySlug(slug);
  if (!previous) throw HttpError.json(404, "article not found", [`no article has the slug ${slug}`]);
  if (previous.status === "deleted") return { article: previous, changed: false, previous };
  const contentHash = await hashContent({ ...contentOf(previous), status: "deleted" });
  await repo.markDeleted(previous.id, contentHash, { feeds: affectedScopes(previous, undefined).map(scopeKey), at: now });
  return { article: { ...previous, status: "deleted", contentHash, updatedAt: now }, changed: true, previous };
}
