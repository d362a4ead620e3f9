import { decodeHTML } from "entities";
import * as v from "valibot";
import type { ArticlePutSchema } from "../../articles/input";
import { isSlug, SLUG_RULE, slugFromName } from "../../articles/slug";
import { WORDPRESS_SOURCE_KIND, wordpressArticleId } from "./post-id";
import { decodeSlug, dekFromExcerpt, renderedToText, validSlug } from "./wordpress-fields";

/** WordPress's `date_gmt`/`modified_gmt`: UTC without a zone, to the second ("2021-11-07T14:02:11"). */
const WORDPRESS_GMT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;

const PostIdSchema = v.pipe(v.number("must be a number"), v.integer("must be a whole number"), v.minValue(1, "must be positive"));
const GmtSchema = v.pipe(v.string("must be a string"), v.regex(WORDPRESS_GMT, "must be a WordPress GMT time such as 2021-11-07T14:02:11"));
const RenderedSchema = v.object({ rendered: v.string("must be a string") }, "must be { rendered }");
const ProtectedRenderedSchema = v.object(
  { rendered: v.string("must be a string"), protected: v.optional(v.boolean("must be true or false"), false) },
  "must be { rendered, protected }",
);

/** What orders a post in the sync: enough to place it even when the rest of it is malformed. */
export const PostKeySchema = v.object({ id: PostIdSchema, modified_gmt: GmtSchema });
export type PostKey = v.InferOutput<typeof PostKeySchema>;

const EmbeddedAuthorSchema = v.object({ name: v.string(), slug: v.optional(v.string()) });
const EmbeddedTermSchema = v.object({ name: v.string(), slug: v.string(), taxonomy: v.string() });
const PixelSchema = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(20000));
const EmbeddedMediaSchema = v.object({
  source_url: v.pipe(v.string(), v.url()),
  alt_text: v.optional(v.string(), ""),
  media_details: v.optional(v.looseObject({ width: v.optional(v.unknown()), height: v.optional(v.unknown()) })),
});
/** An embedded object WordPress could not give (a deleted user, a private image). */
const EmbedErrorSchema = v.object({ code: v.string(), message: v.optional(v.string()) });

/**
 * One item of `/wp-json/wp/v2/posts?_embed`, as far as Herald reads it. Unknown fields are
 * ignored (plugins add many); embedded objects are read item by item below, so one odd
 * embed is a clear reason, not a failed page.
 */
export const RestPostSchema = v.object(
  {
    id: PostIdSchema,
    date_gmt: GmtSchema,
    modified_gmt: GmtSchema,
    slug: v.string("must be a string"),
    status: v.string("must be a string"),
    link: v.pipe(v.string("must be a string"), v.url("must be an absolute URL")),
    title: RenderedSchema,
    content: ProtectedRenderedSchema,
    excerpt: ProtectedRenderedSchema,
    _embedded: v.optional(
      v.object({
        author: v.optional(v.array(v.unknown())),
        "wp:featuredmedia": v.optional(v.array(v.unknown())),
        "wp:term": v.optional(v.array(v.array(v.unknown()))),
      }),
      {},
    ),
  },
  "must be a WordPress post object",
);
export type RestPost = v.InferOutput<typeof RestPostSchema>;

/** The JSON body a PUT to the admin API takes (before the schema fills in defaults). */
export type ArticlePutBody = v.InferInput<typeof ArticlePutSchema>;

export type MappedPost = { ok: true; slug: string; article: ArticlePutBody & { id: string } } | { ok: false; reason: string };

/** ArticlePutSchema's limits, which a long WordPress alt text or tag list must not trip. */
const MAX_ALT_CHARS = 1000;
const MAX_TAGS = 50;

function describeIssues(issues: readonly v.BaseIssue<unknown>[]): string {
  return issues.map((issue) => `${v.getDotPath(issue) ?? "post"} ${issue.message}`).join("; ");
}

function authorOf(post: RestPost): { name: string; slug?: string } | string {
  const embedded = post._embedded.author?.[0];
  if (embedded === undefined) return "the post's author is not embedded (request the posts with _embed)";
  const author = v.safeParse(EmbeddedAuthorSchema, embedded);
  if (author.success) {
    const name = decodeHTML(author.output.name).trim();
    if (name === "") return "the post's author has no display name";
    return { name, slug: validSlug(author.output.slug) };
  }
  const error = v.safeParse(EmbedErrorSchema, embedded);
  return error.success
    ? `WordPress could not embed the post's author: ${error.output.code}${error.output.message ? ` (${error.output.message})` : ""}`
    : "the post's embedded author has no name";
}

/**
 * The post's categories and tags with their Herald slugs: WordPress's own (a Hebrew tag's
 * percent-encoded slug is decoded and kept), else one made from the name. A term with neither
 * (an emoji tag) is left out: a missing tag is better than a post that is not synced at all.
 */
function termsOf(post: RestPost) {
  return (post._embedded["wp:term"] ?? []).flat().flatMap((item) => {
    const term = v.safeParse(EmbeddedTermSchema, item);
    if (!term.success) return [];
    const name = decodeHTML(term.output.name).trim();
    const slug = validSlug(term.output.slug) ?? slugFromName(name);
    return name !== "" && slug !== "" ? [{ taxonomy: term.output.taxonomy, name, slug }] : [];
  });
}

function leadImageOf(post: RestPost): ArticlePutBody["leadImage"] {
  const media = v.safeParse(EmbeddedMediaSchema, post._embedded["wp:featuredmedia"]?.[0]);
  if (!media.success || !/^https?:\/\//i.test(media.output.source_url)) return null;
  const size = (value: unknown) => (v.is(PixelSchema, value) ? value : undefined);
  return {
    url: media.output.source_url,
    alt: decodeHTML(media.output.alt_text).trim().slice(0, MAX_ALT_CHARS),
    width: size(media.output.media_details?.width),
    height: size(media.output.media_details?.height),
  };
}

/**
 * A REST post (with `_embed`) as the body of a Herald article PUT, or why it cannot be one.
 * Its id comes from its permalink and post id, the rule the WXR import shares, so a post
 * imported from an export and later synced is one article.
 */
export function mapRestPost(item: unknown): MappedPost {
  const parsed = v.safeParse(RestPostSchema, item);
  if (!parsed.success) return { ok: false, reason: `malformed post: ${describeIssues(parsed.issues)}` };
  const post = parsed.output;
  if (post.content.protected) return { ok: false, reason: "password-protected: WordPress does not show its content without the password" };

  const slug = decodeSlug(post.slug);
  if (slug === undefined) return { ok: false, reason: `slug "${post.slug}" is not valid percent-encoding` };
  if (!isSlug(slug)) {
    return {
      ok: false,
      reason: `slug "${slug}"${slug !== post.slug ? ` (WordPress: "${post.slug}")` : ""} is not a Herald slug: ${SLUG_RULE}`,
    };
  }
  const author = authorOf(post);
  if (typeof author === "string") return { ok: false, reason: author };

  const title = renderedToText(post.title.rendered);
  if (title === "") return { ok: false, reason: "the post has no title" };
  const terms = termsOf(post);
  const category = terms.find((term) => term.taxonomy === "category");
  const tags = terms.filter((term) => term.taxonomy === "post_tag").slice(0, MAX_TAGS);

  return {
    ok: true,
    slug,
    article: {
      id: wordpressArticleId(post.link, post.id),
      title,
      dek: dekFromExcerpt(post.excerpt.rendered),
      bodyHtml: post.content.rendered,
      authors: [author],
      section: category ? { name: category.name, slug: category.slug } : null,
      tags: tags.map((tag) => ({ name: tag.name, slug: tag.slug })),
      leadImage: leadImageOf(post),
      canonicalUrl: post.link,
      publishedAt: `${post.date_gmt}Z`,
      updatedAt: `${post.modified_gmt}Z`,
      // The public API lists only published posts; anything else (an authenticated listing) stays unpublished.
      status: post.status === "publish" ? "published" : "draft",
      source: { kind: WORDPRESS_SOURCE_KIND, ref: String(post.id) },
    },
  };
}
