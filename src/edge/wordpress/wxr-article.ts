import { autop } from "@wordpress/autop";
import { decodeHTML } from "entities";
import { isSlug, SLUG_RULE, slugFromName } from "../../articles/slug.ts";
import { WORDPRESS_SOURCE_KIND, wordpressArticleId } from "./post-id.ts";
import { decodeSlug, dekFromExcerpt, validSlug } from "./wordpress-fields.ts";
import type { WxrAuthor, WxrItem } from "./wxr.ts";

// Relative imports with their extension and npm packages only: the import CLI loads this file
// in Node as it is.

/** What a featured image needs from its attachment item, which may come later in the file. */
export interface WxrAttachment {
  url: string;
  alt: string;
}

interface NamedInput {
  name: string;
  slug?: string;
}

/**
 * The JSON body of `PUT /api/articles/:slug` for one WordPress post: the admin API's
 * ArticlePutSchema accepts it as it is (tested), and validates it again on the way in.
 */
export interface WordPressArticleBody {
  id: string;
  title: string;
  dek: string | null;
  bodyHtml: string;
  authors: NamedInput[];
  section: NamedInput | null;
  tags: NamedInput[];
  leadImage: WxrAttachment | null;
  canonicalUrl: string;
  publishedAt: string;
  updatedAt?: string;
  status: "published";
  source: { kind: string; ref: string };
}

/** Why a WordPress item is not an article; counted by reason in the import's summary. */
export type SkipReason =
  | "draft"
  | "pending"
  | "private"
  | "future"
  | "password-protected"
  | "revision"
  | "attachment"
  | "page"
  | "nav_menu_item"
  | `post type ${string}`
  | `status ${string}`;

export type WxrOutcome =
  | { kind: "article"; postId: string; slug: string; body: WordPressArticleBody }
  | { kind: "skipped"; postId: string; reason: SkipReason }
  | { kind: "failed"; postId: string; reason: string };

export interface WxrContext {
  /** Login → author, from the export's channel. */
  authors: ReadonlyMap<string, WxrAuthor>;
  /** Attachment post id → its URL and alt text, from anywhere in the export. */
  attachments: ReadonlyMap<string, WxrAttachment>;
}

const SKIPPED_POST_TYPES = new Set<SkipReason>(["revision", "attachment", "page", "nav_menu_item"]);
const SKIPPED_STATUSES = new Set<SkipReason>(["draft", "pending", "private", "future"]);

/** WordPress's "no date": drafts and some imported posts carry it in their GMT fields. */
const WORDPRESS_DATE = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})$/;

/** Why an item is not imported, or undefined for a published post. Post type first: a page is a page whatever its status. */
export function skipReason(item: Pick<WxrItem, "postType" | "status" | "password">): SkipReason | undefined {
  const type = item.postType.trim();
  if (type !== "post") return SKIPPED_POST_TYPES.has(type as SkipReason) ? (type as SkipReason) : `post type ${type || "(none)"}`;
  const status = item.status.trim();
  if (status !== "publish") return SKIPPED_STATUSES.has(status as SkipReason) ? (status as SkipReason) : `status ${status || "(none)"}`;
  if (item.password !== "") return "password-protected";
  return undefined;
}

/** "2021-11-07 14:05:00" → "2021-11-07T14:05:00Z"; undefined for WordPress's zero date or anything else. */
export function wordpressGmtToIso(value: string): string | undefined {
  const match = WORDPRESS_DATE.exec(value.trim());
  if (!match || match[1] === "0000-00-00") return undefined;
  return `${match[1]}T${match[2]}Z`;
}

/**
 * WordPress titles, term names and alt texts are HTML text (themes print them as they are, and
 * WordPress stores "&" as "&amp;" in many of them): the XML layer has already unescaped once,
 * this is the one HTML decoding on top, so "&amp;amp;" stays a visible "&amp;".
 */
function htmlText(value: string): string {
  return decodeHTML(value).trim();
}

/**
 * A term's slug: WordPress's nicename, decoded ("%c3%a9conomie" → "économie"), when it is a
 * Herald slug, so the term keeps its WordPress slug; otherwise none, and the admin API derives
 * one from the name as for any other client.
 */
function term(name: string, nicename: string): NamedInput {
  const slug = validSlug(nicename);
  return slug !== undefined ? { name: htmlText(name), slug } : { name: htmlText(name) };
}

/**
 * The author by display name. The slug comes from the login, which is where WordPress's own
 * author slug (user_nicename, in /author/<nicename>/ and the REST API) comes from, so author
 * feeds keep their WordPress paths; WordPress turns a login's dots into hyphens there
 * ("zoe.angstrom" → "zoe-angstrom"), and Herald slugs have no underscores. A login that
 * yields no slug leaves it to the admin API, which derives one from the name.
 */
function author(login: string, authors: ReadonlyMap<string, WxrAuthor>): NamedInput {
  const known = authors.get(login);
  const name = known?.displayName.trim() || login.trim();
  const slug = slugFromName(login.replace(/[._]/g, "-"));
  return slug ? { name, slug } : { name };
}

/**
 * Body HTML as WordPress would show it: posts written in the classic editor are stored without
 * the <p> around blank-line paragraphs, which WordPress adds on output (wpautop); block-editor
 * posts already carry their markup, and WordPress skips wpautop for them, as here.
 */
export function wordpressBodyHtml(content: string): string {
  if (content.includes("<!-- wp:")) return content;
  return autop(content);
}

function featuredImage(item: WxrItem, attachments: ReadonlyMap<string, WxrAttachment>): WxrAttachment | null {
  const thumbnailId = item.meta.get("_thumbnail_id")?.trim();
  const attachment = thumbnailId ? attachments.get(thumbnailId) : undefined;
  if (!attachment) return null;
  try {
    return { url: new URL(attachment.url, item.link).href, alt: htmlText(attachment.alt) };
  } catch {
    return null;
  }
}

/**
 * One WordPress item as an article for the admin API, or why it is skipped (not a published
 * post) or failed (a published post Herald cannot take as it is). Pure: every reason names
 * the field and value at fault, for the import's summary.
 */
export function articleFromWxrItem(item: WxrItem, context: WxrContext): WxrOutcome {
  const postId = item.postId.trim();
  const reason = skipReason(item);
  if (reason) return { kind: "skipped", postId, reason };
  const failed = (why: string): WxrOutcome => ({ kind: "failed", postId, reason: why });

  let id: string;
  try {
    id = wordpressArticleId(item.link, postId);
  } catch (err) {
    return failed(item.link ? `${err instanceof Error ? err.message : err} (link ${item.link})` : "has no permalink (<link>)");
  }
  const slug = decodeSlug(item.postName);
  if (!slug) return failed(`has no usable slug (wp:post_name ${JSON.stringify(item.postName)})`);
  if (!isSlug(slug)) return failed(`slug "${slug}" (wp:post_name ${item.postName}) is not a Herald slug: ${SLUG_RULE}`);
  const title = htmlText(item.title);
  if (title === "") return failed("has no title");
  // A post WordPress never gave a GMT date keeps its local date, read as UTC: off by at most
  // the site's UTC offset, which the export does not record.
  const publishedAt = wordpressGmtToIso(item.postDateGmt) ?? wordpressGmtToIso(item.postDate);
  if (!publishedAt) return failed(`has no publication date (wp:post_date_gmt ${JSON.stringify(item.postDateGmt)})`);
  const updatedAt = wordpressGmtToIso(item.postModifiedGmt);

  const sectionCategory = item.categories.find((c) => c.domain === "category");
  const body: WordPressArticleBody = {
    id,
    title,
    dek: dekFromExcerpt(item.excerpt),
    bodyHtml: wordpressBodyHtml(item.content),
    authors: [author(item.creator, context.authors)],
    section: sectionCategory ? term(sectionCategory.name, sectionCategory.nicename) : null,
    tags: item.categories.filter((c) => c.domain === "post_tag").map((c) => term(c.name, c.nicename)),
    leadImage: featuredImage(item, context.attachments),
    canonicalUrl: item.link.trim(),
    publishedAt,
    ...(updatedAt && updatedAt >= publishedAt ? { updatedAt } : {}),
    status: "published",
    source: { kind: WORDPRESS_SOURCE_KIND, ref: postId },
  };
  return { kind: "article", postId, slug, body };
}

/** An attachment's id, URL and alt text, for resolving featured images; undefined for other items. */
export function attachmentOf(item: WxrItem): { id: string; attachment: WxrAttachment } | undefined {
  if (item.postType.trim() !== "attachment" || !item.attachmentUrl.trim()) return undefined;
  return {
    id: item.postId.trim(),
    attachment: { url: item.attachmentUrl.trim(), alt: item.meta.get("_wp_attachment_image_alt") ?? "" },
  };
}
