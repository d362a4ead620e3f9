import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import type { ErrorForm } from "../../src/http/errors";
import { sha256, toHex } from "../../src/http/hash";
import { adminWriteAndSettle, appFetch, htmlArticleInput, request, SITE, TOKEN } from "../helpers";

// Every bad request Herald can be sent, as data: what it answers (status, the error body in
// its route's form) and that it wrote nothing. The README's error contract ("Admin API",
// "Feeds", the routes table) is the specification; src/http/errors.ts gives each route family
// its form: JSON `{ error, details }` for /api/ and oEmbed, one line of text for feeds, cards,
// share links and sitemaps, the site's HTML page for pages.

interface BadRequest {
  name: string;
  method: string;
  path: string;
  headers?: Record<string, string>;
  /** A string, or a function for bodies too large to spell in the table (or streamed). */
  body?: string | (() => BodyInit);
  status: number;
  /** JSON form: the exact `error`. */
  error?: string;
  /** Text that must appear: in `details` (JSON form) or in the body (text and page forms). */
  bodyIncludes?: string[];
  /** Text that must not appear in the body (a hostile string echoed unescaped). */
  bodyExcludes?: string[];
  /** Headers the answer must carry besides Cache-Control. */
  responseHeaders?: Record<string, RegExp>;
  /** Bindings that differ from wrangler.toml's for this case (the request then goes to the app directly). */
  bindings?: Partial<Cloudflare.Env>;
  form: ErrorForm;
  /** The defect of the outside battery this case guards against (fixed: now a regression test). */
  regression?: string;
}

const PUBLISHED = "bad-requests-published";
const DRAFT = "bad-requests-draft";
const DELETED = "bad-requests-deleted";
const IDS = { published: "bad-requests-published-id", draft: "bad-requests-draft-id", deleted: "bad-requests-deleted-id" };
/** Where creating writes would go: no article holds it. */
const FRESH = "/api/articles/bad-requests-fresh";
const ARTICLE = `/api/articles/${PUBLISHED}`;
const SYNC = "/api/wordpress/sync";

const AUTH = { Authorization: `Bearer ${TOKEN}` };
const JSON_AUTH = { ...AUTH, "Content-Type": "application/json" };
/** A same-origin POST of the Mastodon form. */
const MASTODON_FORM = { Origin: SITE, "Content-Type": "application/x-www-form-urlencoded" };

const article = (overrides: Record<string, unknown> = {}) => JSON.stringify(htmlArticleInput(overrides));
const without = (field: string) => {
  const input: Record<string, unknown> = htmlArticleInput();
  delete input[field];
  return JSON.stringify(input);
};
const instance = (value: string) => `instance=${encodeURIComponent(value)}`;

const ONE_MIB = 1024 * 1024;
const OVERSIZED = () => article({ bodyHtml: `<p>${"x".repeat(ONE_MIB)}</p>` });
const TOMORROW = new Date(Date.now() + 24 * 60 * 60 * 1000).toISOString();
const LONG_SLUG = "a".repeat(121);
const SCRIPT = "<script>alert(1)</script>";
const LONG_QUERY = "x".repeat(8000);
/** A name of 305 characters whose every label is a valid 60-letter one: only its length is wrong (RFC 1035: 253). */
const LONG_HOST = `${Array.from({ length: 5 }, () => "a".repeat(60)).join(".")}.social`;

/** Field problems name the field: `"field":"title"`. */
const field = (name: string) => `"field":"${name}"`;

// The table's common shapes. Each builder gives a whole case; a case that differs spreads one
// and overrides the fields that differ.

const BEARER_CHALLENGE = { "WWW-Authenticate": /^Bearer/ };

/** A request the token check turns away: 401 in the JSON form. */
const unauthorized = (name: string, request: Omit<BadRequest, "name" | "status" | "error" | "form">): BadRequest => ({
  name,
  ...request,
  status: 401,
  error: "unauthorized",
  form: "json",
});

/** A write of `body` to FRESH the schema rejects: 422, each of `includes` in the details. */
const invalidArticle = (name: string, body: BadRequest["body"], ...includes: string[]): BadRequest => ({
  name,
  method: "PUT",
  path: FRESH,
  headers: JSON_AUTH,
  body,
  status: 422,
  error: "invalid article",
  bodyIncludes: includes,
  form: "json",
});

/** A GET (unless `extra` says otherwise) the site answers with its 404 page. */
const pageNotFound = (name: string, path: string, extra: Partial<BadRequest> = {}): BadRequest => ({
  name,
  method: "GET",
  path,
  status: 404,
  bodyIncludes: ["<h1>Page not found</h1>"],
  form: "page",
  ...extra,
});

/** A GET of a page link (?page=, ?before=) the site answers with its 400 page. */
const invalidPageLink = (name: string, path: string): BadRequest => ({
  name,
  method: "GET",
  path,
  status: 400,
  bodyIncludes: ["<h1>Invalid page link</h1>"],
  form: "page",
});

/** A GET of a feed, card, share link or sitemap that is not there: 404 as one line of text. */
const textNotFound = (name: string, path: string, ...includes: string[]): BadRequest => ({
  name,
  method: "GET",
  path,
  status: 404,
  bodyIncludes: includes,
  form: "text",
});

/** The Mastodon share form sent with a server name it refuses: its 400 page. */
const badMastodonServer = (name: string, server: string): BadRequest => ({
  name,
  method: "POST",
  path: `/share/${PUBLISHED}/mastodon`,
  headers: MASTODON_FORM,
  body: instance(server),
  status: 400,
  bodyIncludes: ["Enter your server’s name only"],
  form: "page",
});

const ADMIN_CASES: BadRequest[] = [
  // Authorization (README: 401 for the token; 503 without a usable ADMIN_TOKEN).
  unauthorized("no Authorization header", {
    method: "GET",
    path: "/api/articles",
    bodyIncludes: ["Bearer"],
    responseHeaders: BEARER_CHALLENGE,
  }),
  unauthorized("a wrong token", {
    method: "GET",
    path: ARTICLE,
    headers: { Authorization: "Bearer wrong-token-of-some-length" },
    bodyIncludes: ["not ADMIN_TOKEN"],
    responseHeaders: BEARER_CHALLENGE,
  }),
  unauthorized("a wrong token on a write", {
    method: "PUT",
    path: FRESH,
    headers: { Authorization: "Bearer wrong-token-of-some-length", "Content-Type": "application/json" },
    body: article(),
    bodyIncludes: ["not ADMIN_TOKEN"],
  }),
  unauthorized("Basic credentials", {
    method: "GET",
    path: "/api/articles",
    headers: { Authorization: "Basic YWRtaW46YWRtaW4=" },
    bodyIncludes: ["Bearer"],
    responseHeaders: BEARER_CHALLENGE,
    regression: "a Basic Authorization header answered 400 where the README promises 401",
  }),
  unauthorized("an empty Authorization header on a delete", {
    method: "DELETE",
    path: ARTICLE,
    headers: { Authorization: "" },
    bodyIncludes: ["Bearer"],
    responseHeaders: BEARER_CHALLENGE,
  }),
  unauthorized("Bearer with no token", {
    method: "GET",
    path: ARTICLE,
    headers: { Authorization: "Bearer " },
    bodyIncludes: ["Bearer"],
    responseHeaders: BEARER_CHALLENGE,
    regression: "a Bearer header without a token answered 400 where the README promises 401",
  }),
  unauthorized("a bearer token with a space in it", {
    method: "PUT",
    path: FRESH,
    headers: { Authorization: `Bearer ${TOKEN} extra`, "Content-Type": "application/json" },
    body: article(),
    responseHeaders: BEARER_CHALLENGE,
    regression: "a Bearer header with a space in the token answered 400 where the README promises 401",
  }),
  unauthorized("no token to run the sync", { method: "POST", path: SYNC, responseHeaders: BEARER_CHALLENGE }),
  unauthorized("a dot-segment path does not get round the token", { method: "GET", path: "/_herald/%2e%2e/api/articles" }),
  {
    name: "no ADMIN_TOKEN configured",
    method: "GET",
    path: "/api/articles",
    headers: AUTH,
    bindings: { ADMIN_TOKEN: "" },
    status: 503,
    error: "admin API disabled",
    bodyIncludes: ["ADMIN_TOKEN is not set"],
    form: "json",
  },
  {
    name: "an ADMIN_TOKEN a bearer token cannot carry",
    method: "PUT",
    path: FRESH,
    headers: { Authorization: "Bearer a token", "Content-Type": "application/json" },
    body: article(),
    bindings: { ADMIN_TOKEN: "a token" },
    status: 503,
    error: "admin API disabled",
    bodyIncludes: ["RFC 6750"],
    form: "json",
  },

  // Malformed JSON (400), wrong content type (415), oversized (413).
  {
    name: "truncated JSON",
    method: "PUT",
    path: FRESH,
    headers: JSON_AUTH,
    body: '{"title": "x",',
    status: 400,
    error: "malformed JSON",
    bodyIncludes: ["JSON"],
    form: "json",
  },
  {
    name: "trailing garbage after the JSON",
    method: "PUT",
    path: FRESH,
    headers: JSON_AUTH,
    body: `${article()} and more`,
    status: 400,
    error: "malformed JSON",
    bodyIncludes: ["JSON"],
    form: "json",
  },
  {
    name: "an empty body",
    method: "PUT",
    path: FRESH,
    headers: JSON_AUTH,
    body: "",
    status: 400,
    error: "malformed JSON",
    bodyIncludes: ["JSON"],
    form: "json",
  },
  {
    // One byte order mark is allowed (RFC 8259 §8.1; the decoder drops it), a second is not.
    name: "two byte order marks",
    method: "PUT",
    path: FRESH,
    headers: JSON_AUTH,
    body: `\uFEFF\uFEFF${article()}`,
    status: 400,
    error: "malformed JSON",
    bodyIncludes: ["JSON"],
    form: "json",
  },
  {
    name: "single-quoted JSON",
    method: "PUT",
    path: FRESH,
    headers: JSON_AUTH,
    body: "{'title': 'x'}",
    status: 400,
    error: "malformed JSON",
    bodyIncludes: ["JSON"],
    form: "json",
  },
  {
    name: "a body that is not UTF-8",
    method: "PUT",
    path: FRESH,
    headers: JSON_AUTH,
    body: () => new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]),
    status: 400,
    error: "malformed JSON",
    bodyIncludes: ["JSON"],
    form: "json",
  },
  invalidArticle(
    "a field nested 50,000 arrays deep",
    () => article({ title: "__DEEP__" }).replace('"__DEEP__"', `${"[".repeat(50_000)}${"]".repeat(50_000)}`),
    field("title"),
    "must be a string",
  ),
  invalidArticle("a JSON array", `[${article()}]`, "must be a JSON object of article fields"),
  invalidArticle("a JSON string", '"an article"', "must be a JSON object of article fields"),
  invalidArticle("JSON null", "null", "must be a JSON object of article fields"),
  {
    name: "Content-Type text/plain",
    method: "PUT",
    path: FRESH,
    headers: { ...AUTH, "Content-Type": "text/plain" },
    body: article(),
    status: 415,
    error: "request body must be JSON",
    bodyIncludes: ["text/plain"],
    form: "json",
  },
  {
    name: "no Content-Type",
    method: "PUT",
    path: FRESH,
    headers: AUTH,
    body: () => new TextEncoder().encode(article()),
    status: 415,
    error: "request body must be JSON",
    bodyIncludes: ["got none"],
    form: "json",
  },
  {
    name: "a form body",
    method: "PUT",
    path: FRESH,
    headers: { ...AUTH, "Content-Type": "application/x-www-form-urlencoded" },
    body: "title=x&publishedAt=2024-01-01",
    status: 415,
    error: "request body must be JSON",
    bodyIncludes: ["application/x-www-form-urlencoded"],
    form: "json",
  },
  {
    name: "a body over 1 MiB, declared",
    method: "PUT",
    path: FRESH,
    headers: JSON_AUTH,
    body: OVERSIZED,
    status: 413,
    error: "request body too large",
    bodyIncludes: [String(ONE_MIB)],
    form: "json",
  },
  {
    name: "a body over 1 MiB, streamed without a length",
    method: "PUT",
    path: FRESH,
    headers: JSON_AUTH,
    body: () => new Blob([OVERSIZED()]).stream(),
    status: 413,
    error: "request body too large",
    bodyIncludes: [String(ONE_MIB)],
    form: "json",
  },

  // The schema (422, one { field, message } per problem).
  invalidArticle("no title", without("title"), field("title"), "is required"),
  invalidArticle("no publishedAt", without("publishedAt"), field("publishedAt"), "is required"),
  invalidArticle("no body", without("bodyHtml"), field("bodyHtml"), "exactly one of bodyHtml or bodyText"),
  invalidArticle(
    "both bodyHtml and bodyText",
    article({ bodyText: "Jane Roe, FISM News\n\nA paragraph." }),
    field("bodyHtml"),
    "exactly one of bodyHtml or bodyText",
  ),
  invalidArticle("an unknown field", article({ colour: "red" }), field("colour"), "is not a known field"),
  invalidArticle("a title that is a number", article({ title: 42 }), field("title"), "must be a string"),
  invalidArticle("an empty title", article({ title: "   " }), field("title"), "must not be empty"),
  invalidArticle("a title over 300 characters", article({ title: "t".repeat(301) }), field("title"), "at most 300 characters"),
  invalidArticle("a dek over 1000 characters", article({ dek: "d".repeat(1001) }), field("dek"), "at most 1000 characters"),
  invalidArticle(
    "a bodyHtml over 512 K characters (under 1 MiB)",
    () => article({ bodyHtml: `<p>${"x".repeat(512 * 1024)}</p>` }),
    field("bodyHtml"),
    "at most 524288 characters",
  ),
  {
    ...invalidArticle(
      "bodyHtml nested 5000 deep",
      () => article({ bodyHtml: `${"<b>".repeat(5000)}deep${"</b>".repeat(5000)}` }),
      field("bodyHtml"),
    ),
    regression: "deeply nested bodyHtml was a 500",
  },
  invalidArticle("a tag with an empty name", article({ tags: [{ name: " " }] }), field("tags.0.name"), "must not be empty"),
  invalidArticle(
    "a lead image width given as text",
    article({ leadImage: { url: "https://images.example/lead.jpg", alt: "", width: "1200" } }),
    field("leadImage.width"),
    "must be a number",
  ),
  invalidArticle("tags that are a string", article({ tags: "Iraq" }), field("tags"), "must be a list of tags"),
  invalidArticle(
    "more than 50 tags",
    article({ tags: Array.from({ length: 51 }, (_, i) => `tag ${i}`) }),
    field("tags"),
    "at most 50 tags",
  ),
  invalidArticle("an empty author list", article({ authors: [] }), field("authors"), "at least one author"),
  invalidArticle(
    "a malformed fediverse handle",
    article({ authors: [{ name: "Jane Roe", fediverse: "jane at news.social" }] }),
    field("authors.0.fediverse"),
    "must be a fediverse handle",
  ),
  invalidArticle("a section that is a number", article({ section: 7 }), field("section"), "must be a name or { name, slug }"),
  invalidArticle("a date that does not exist", article({ publishedAt: "2021-02-30" }), field("publishedAt"), "not a real date"),
  invalidArticle("a date-time without a zone", article({ publishedAt: "2021-11-07T09:30:00" }), field("publishedAt"), "with a time zone"),
  invalidArticle("a date in words", article({ publishedAt: "yesterday" }), field("publishedAt"), "ISO 8601"),
  invalidArticle("a date as a number", article({ publishedAt: 1636243200000 }), field("publishedAt"), "ISO 8601"),
  invalidArticle("an updatedAt that does not exist", article({ updatedAt: "2024-13-01T00:00:00Z" }), field("updatedAt"), "not a real date"),
  invalidArticle("published in the future", article({ publishedAt: TOMORROW }), field("publishedAt"), "is in the future"),
  invalidArticle("an unknown status", article({ status: "scheduled" }), field("status"), "must be draft, published or deleted"),
  invalidArticle(
    "a lead image with a javascript: URL",
    article({ leadImage: { url: "javascript:alert(1)", alt: "x" } }),
    field("leadImage.url"),
  ),
  invalidArticle(
    "a lead image with a relative URL",
    article({ leadImage: { url: "/images/lead.jpg", alt: "x" } }),
    field("leadImage.url"),
    "absolute URL",
  ),
  invalidArticle(
    "a lead image with a data: URL",
    article({ leadImage: { url: "data:image/png;base64,iVBORw0KGgo=", alt: "x" } }),
    field("leadImage.url"),
    "http or https",
  ),
  invalidArticle(
    "a lead image without alt",
    article({ leadImage: { url: "https://images.example/lead.jpg" } }),
    field("leadImage.alt"),
    "is required",
  ),
  invalidArticle(
    "a lead image with a negative width",
    article({ leadImage: { url: "https://images.example/lead.jpg", alt: "", width: -5 } }),
    field("leadImage.width"),
    "must be positive",
  ),
  invalidArticle(
    "a canonical URL on ftp:",
    article({ canonicalUrl: "ftp://news.example/articles/x" }),
    field("canonicalUrl"),
    "http or https",
  ),
  invalidArticle(
    "a canonical URL that is not a URL",
    article({ canonicalUrl: "news.example/articles/x" }),
    field("canonicalUrl"),
    "absolute URL",
  ),
  invalidArticle(
    "a canonical URL over 2048 characters",
    article({ canonicalUrl: `https://news.example/${"p".repeat(2048)}` }),
    field("canonicalUrl"),
    "at most 2048 characters",
  ),
  invalidArticle("an id with a path in it", article({ id: "../etc/passwd" }), field("id")),
  invalidArticle(
    "a body slug that disagrees with the path",
    article({ slug: "another-slug" }),
    field("slug"),
    "must match the slug in the URL",
  ),

  // Bad slugs in the path: a PUT names the slug field (422), a read or delete finds nothing (404).
  {
    ...invalidArticle("PUT to a slug of 121 characters", article(), field("slug"), "at most 120 characters"),
    path: `/api/articles/${LONG_SLUG}`,
  },
  { ...invalidArticle("PUT to an upper-case slug", article(), field("slug"), "lowercase"), path: "/api/articles/Bad-Requests" },
  { ...invalidArticle("PUT to a slug with an encoded slash", article(), field("slug")), path: "/api/articles/a%2Fb" },
  { ...invalidArticle("PUT to a slug with a NUL", article(), field("slug")), path: "/api/articles/a%00b" },
  { ...invalidArticle("PUT to a slug of dots", article(), field("slug")), path: "/api/articles/a..b" },
  {
    // The URL parser resolves the dot segment: /api/articles/%2e%2e is /api/.
    name: "PUT to an encoded dot-dot segment",
    method: "PUT",
    path: "/api/articles/%2e%2e",
    headers: JSON_AUTH,
    body: article(),
    status: 404,
    error: "not found",
    bodyIncludes: ["no API route PUT /api/"],
    form: "json",
  },
  {
    name: "GET a slug of 121 characters",
    method: "GET",
    path: `/api/articles/${LONG_SLUG}`,
    headers: AUTH,
    status: 404,
    error: "article not found",
    bodyIncludes: ["is not a valid slug", "at most 120 characters"],
    form: "json",
  },
  {
    name: "GET an upper-case slug",
    method: "GET",
    path: "/api/articles/Bad-Requests-Published",
    headers: AUTH,
    status: 404,
    error: "article not found",
    bodyIncludes: ["is not a valid slug"],
    form: "json",
  },
  {
    name: "GET a slug with a control character",
    method: "GET",
    path: "/api/articles/a%0Ab",
    headers: AUTH,
    status: 404,
    error: "article not found",
    bodyIncludes: ["is not a valid slug"],
    form: "json",
  },
  {
    name: "GET a slug that is not UTF-8",
    method: "GET",
    path: "/api/articles/%FF%FE",
    headers: AUTH,
    status: 404,
    error: "article not found",
    bodyIncludes: ["is not a valid slug"],
    form: "json",
  },
  {
    name: "GET an unknown slug",
    method: "GET",
    path: "/api/articles/no-such-article",
    headers: AUTH,
    status: 404,
    error: "article not found",
    bodyIncludes: ["no article has the slug no-such-article"],
    form: "json",
  },
  {
    name: "DELETE an unknown slug",
    method: "DELETE",
    path: "/api/articles/no-such-article",
    headers: AUTH,
    status: 404,
    error: "article not found",
    bodyIncludes: ["no article has the slug no-such-article"],
    form: "json",
  },
  {
    name: "DELETE a slug with an encoded slash",
    method: "DELETE",
    path: `/api/articles/..%2F${PUBLISHED}`,
    headers: AUTH,
    status: 404,
    error: "article not found",
    bodyIncludes: ["is not a valid slug"],
    form: "json",
  },

  // Conflicts (409).
  {
    name: "editing a deleted article",
    method: "PUT",
    path: `/api/articles/${DELETED}`,
    headers: JSON_AUTH,
    body: article({ title: "An edit to a tombstone" }),
    status: 409,
    error: "article was deleted",
    bodyIncludes: ["tombstone", "to restore it"],
    form: "json",
  },
  {
    name: "moving a deleted article by its id",
    method: "PUT",
    path: FRESH,
    headers: JSON_AUTH,
    body: article({ id: IDS.deleted }),
    status: 409,
    error: "article was deleted",
    bodyIncludes: [IDS.deleted],
    form: "json",
  },
  {
    name: "an id that belongs to another article",
    method: "PUT",
    path: ARTICLE,
    headers: JSON_AUTH,
    body: article({ id: IDS.draft }),
    status: 409,
    error: "slug already taken",
    bodyIncludes: [IDS.published, IDS.draft],
    form: "json",
  },

  // The list's query (400).
  {
    name: "list with limit=0",
    method: "GET",
    path: "/api/articles?limit=0",
    headers: AUTH,
    status: 400,
    error: "invalid query",
    bodyIncludes: ["limit must be at least 1"],
    form: "json",
  },
  {
    name: "list with limit=101",
    method: "GET",
    path: "/api/articles?limit=101",
    headers: AUTH,
    status: 400,
    error: "invalid query",
    bodyIncludes: ["limit must be at most 100"],
    form: "json",
  },
  {
    name: "list with limit=abc",
    method: "GET",
    path: "/api/articles?limit=abc",
    headers: AUTH,
    status: 400,
    error: "invalid query",
    bodyIncludes: ["limit must be a whole number"],
    form: "json",
  },
  {
    name: "list with limit=2.5",
    method: "GET",
    path: "/api/articles?limit=2.5",
    headers: AUTH,
    status: 400,
    error: "invalid query",
    bodyIncludes: ["limit must be a whole number"],
    form: "json",
  },
  {
    name: "list with limit=%00",
    method: "GET",
    path: "/api/articles?limit=%00",
    headers: AUTH,
    status: 400,
    error: "invalid query",
    bodyIncludes: ["limit must be"],
    form: "json",
  },
  {
    name: "list with status=bogus",
    method: "GET",
    path: "/api/articles?status=bogus",
    headers: AUTH,
    status: 400,
    error: "invalid query",
    bodyIncludes: ["status must be draft, published, deleted or any"],
    form: "json",
  },
  {
    name: "list with a script for status",
    method: "GET",
    path: `/api/articles?status=${encodeURIComponent(SCRIPT)}`,
    headers: AUTH,
    status: 400,
    error: "invalid query",
    bodyIncludes: ["status must be"],
    bodyExcludes: [SCRIPT],
    form: "json",
  },
  {
    name: "list with a garbage cursor",
    method: "GET",
    path: "/api/articles?cursor=garbage",
    headers: AUTH,
    status: 400,
    error: "invalid cursor",
    bodyIncludes: ["nextCursor"],
    form: "json",
  },
  {
    name: "list with a cursor that is valid base64 JSON of the wrong shape",
    method: "GET",
    path: `/api/articles?cursor=${btoa(JSON.stringify({ publishedAt: 1 }))}`,
    headers: AUTH,
    status: 400,
    error: "invalid cursor",
    bodyIncludes: ["nextCursor"],
    form: "json",
  },
  {
    name: "list with a very long cursor",
    method: "GET",
    path: `/api/articles?cursor=${LONG_QUERY}`,
    headers: AUTH,
    status: 400,
    error: "invalid cursor",
    bodyIncludes: ["nextCursor"],
    form: "json",
  },

  // Methods no route answers: the API's JSON 404 (never 405, never 500).
  {
    name: "POST to the article list",
    method: "POST",
    path: "/api/articles",
    headers: JSON_AUTH,
    body: article(),
    status: 404,
    error: "not found",
    bodyIncludes: ["no API route POST /api/articles"],
    form: "json",
  },
  {
    name: "PATCH an article",
    method: "PATCH",
    path: ARTICLE,
    headers: JSON_AUTH,
    body: '{"title":"x"}',
    status: 404,
    error: "not found",
    bodyIncludes: [`no API route PATCH ${ARTICLE}`],
    form: "json",
  },
  {
    name: "DELETE the article list",
    method: "DELETE",
    path: "/api/articles",
    headers: AUTH,
    status: 404,
    error: "not found",
    bodyIncludes: ["no API route DELETE /api/articles"],
    form: "json",
  },
  {
    name: "GET the sync",
    method: "GET",
    path: SYNC,
    headers: AUTH,
    status: 404,
    error: "not found",
    bodyIncludes: [`no API route GET ${SYNC}`],
    form: "json",
  },
  {
    name: "an unknown API path",
    method: "GET",
    path: "/api/nothing-here",
    status: 404,
    error: "not found",
    bodyIncludes: ["no API route GET /api/nothing-here"],
    form: "json",
  },

  // The WordPress sync.
  {
    name: "sync without WP_ORIGIN",
    method: "POST",
    path: SYNC,
    headers: AUTH,
    status: 409,
    error: "WordPress sync is not configured",
    bodyIncludes: ["set WP_ORIGIN"],
    form: "json",
  },

  // Public share totals below the admin paths (JSON, no token).
  {
    name: "share totals of an unknown article",
    method: "GET",
    path: "/api/articles/no-such-article/shares",
    status: 404,
    error: "article not found",
    bodyIncludes: ["no published article has the slug no-such-article"],
    form: "json",
  },
  {
    name: "share totals of a draft",
    method: "GET",
    path: `/api/articles/${DRAFT}/shares`,
    status: 404,
    error: "article not found",
    bodyIncludes: [DRAFT],
    form: "json",
  },
  {
    name: "share totals of a deleted article",
    method: "GET",
    path: `/api/articles/${DELETED}/shares`,
    status: 404,
    error: "article not found",
    bodyIncludes: [DELETED],
    form: "json",
  },
  {
    name: "share totals of a bad slug",
    method: "GET",
    path: "/api/articles/Bad_Slug%00/shares",
    status: 404,
    error: "article not found",
    bodyIncludes: ["no published article has the slug"],
    form: "json",
  },
  {
    name: "POST to share totals",
    method: "POST",
    path: `/api/articles/${PUBLISHED}/shares`,
    headers: { "Content-Type": "application/json" },
    body: '{"network":"x"}',
    status: 404,
    error: "not found",
    bodyIncludes: [`no API route POST /api/articles/${PUBLISHED}/shares`],
    form: "json",
  },
];

const PUBLIC_CASES: BadRequest[] = [
  // Listing pages.
  invalidPageLink("home with a garbage cursor", "/?before=garbage"),
  invalidPageLink("home with a NUL cursor", "/?before=%00"),
  { ...invalidPageLink("home with a script cursor", `/?before=${encodeURIComponent(SCRIPT)}`), bodyExcludes: [SCRIPT] },
  invalidPageLink("home with a very long cursor", `/?before=${LONG_QUERY}`),
  pageNotFound("POST to home", "/", { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: "x=1" }),
  invalidPageLink("an author page with a garbage cursor", "/authors/jane-roe?before=garbage"),
  pageNotFound("an unknown author", "/authors/nobody"),
  pageNotFound("an author slug with a script", `/authors/${encodeURIComponent(SCRIPT)}`, { bodyExcludes: [SCRIPT] }),
  pageNotFound("an unknown category", "/categories/nothing"),
  pageNotFound("a category slug of 121 characters", `/categories/${LONG_SLUG}`),
  invalidPageLink("a category page with a garbage cursor", "/categories/world?before=%3C%3E"),

  // Article pages.
  pageNotFound("an unknown article", "/articles/no-such-article"),
  pageNotFound("a draft article", `/articles/${DRAFT}`),
  {
    name: "a deleted article",
    method: "GET",
    path: `/articles/${DELETED}`,
    status: 410,
    bodyIncludes: ["<h1>Article removed</h1>"],
    form: "page",
  },
  pageNotFound("an upper-case article slug", "/articles/Bad-Requests-Published"),
  pageNotFound("an article slug of 121 characters", `/articles/${LONG_SLUG}`),
  pageNotFound("an article slug with a NUL", "/articles/a%00b"),
  pageNotFound("an article slug with an encoded slash", `/articles/..%2F${PUBLISHED}`),
  pageNotFound("an article slug that is not UTF-8", "/articles/%C3%28"),
  pageNotFound("an article slug with a script", `/articles/${encodeURIComponent(SCRIPT)}`, { bodyExcludes: [SCRIPT] }),
  pageNotFound("DELETE an article page", `/articles/${PUBLISHED}`, { method: "DELETE" }),
  pageNotFound("an unknown path", "/no/such/page"),

  // Feeds: a bad limit or page is a 400 with one line of text; unknown scopes and pages past the last a 404.
  {
    name: "site RSS with limit=0",
    method: "GET",
    path: "/feed.xml?limit=0",
    status: 400,
    bodyIncludes: ["limit must be a whole number from 1 to 100"],
    form: "text",
  },
  {
    name: "site Atom with limit=101",
    method: "GET",
    path: "/atom.xml?limit=101",
    status: 400,
    bodyIncludes: ["limit must be a whole number from 1 to 100"],
    form: "text",
  },
  {
    name: "site JSON Feed with limit=abc",
    method: "GET",
    path: "/feed.json?limit=abc",
    status: 400,
    bodyIncludes: ["limit must be a whole number from 1 to 100"],
    form: "text",
  },
  {
    name: "site RSS with an empty limit",
    method: "GET",
    path: "/feed.xml?limit=",
    status: 400,
    bodyIncludes: ["limit must be a whole number from 1 to 100"],
    form: "text",
  },
  {
    name: "site RSS with limit=020",
    method: "GET",
    path: "/feed.xml?limit=020",
    status: 400,
    bodyIncludes: ["limit must be a whole number from 1 to 100"],
    form: "text",
  },
  {
    name: "site Atom with a NUL limit",
    method: "GET",
    path: "/atom.xml?limit=%00",
    status: 400,
    bodyIncludes: ["limit must be a whole number from 1 to 100"],
    form: "text",
  },
  {
    name: "site JSON Feed with a script limit",
    method: "GET",
    path: `/feed.json?limit=${encodeURIComponent(SCRIPT)}`,
    status: 400,
    bodyIncludes: ["limit must be a whole number from 1 to 100"],
    bodyExcludes: [SCRIPT],
    form: "text",
  },
  {
    name: "site RSS with a very long limit",
    method: "GET",
    path: `/feed.xml?limit=${"9".repeat(8000)}`,
    status: 400,
    bodyIncludes: ["limit must be a whole number from 1 to 100"],
    form: "text",
  },
  {
    name: "site RSS with page=0",
    method: "GET",
    path: "/feed.xml?page=0",
    status: 400,
    bodyIncludes: ["page must be a whole number from 1"],
    form: "text",
  },
  {
    name: "site Atom with page=-1",
    method: "GET",
    path: "/atom.xml?page=-1",
    status: 400,
    bodyIncludes: ["page must be a whole number from 1"],
    form: "text",
  },
  {
    name: "site JSON Feed with page=abc",
    method: "GET",
    path: "/feed.json?page=abc",
    status: 400,
    bodyIncludes: ["page must be a whole number from 1"],
    form: "text",
  },
  {
    name: "site RSS with a seven-digit page",
    method: "GET",
    path: "/feed.xml?page=1000000",
    status: 400,
    bodyIncludes: ["page must be a whole number from 1"],
    form: "text",
  },
  textNotFound("site RSS past the last page", "/feed.xml?page=2", "page 2 does not exist; the last page is 1"),
  textNotFound(
    "site JSON Feed past the last page at a smaller size",
    "/feed.json?limit=1&page=3",
    "page 3 does not exist; the last page is 1",
  ),
  textNotFound("an unknown author's RSS", "/authors/nobody/feed.xml", 'no author "nobody" has published articles'),
  textNotFound("an unknown category's Atom", "/categories/nothing/atom.xml", 'no category "nothing" has published articles'),
  textNotFound("an author feed with a bad slug", "/authors/Bad_Slug/feed.json", 'no author "Bad_Slug"'),
  textNotFound(
    "an author's JSON Feed past the last page",
    "/authors/jane-roe/feed.json?page=5",
    "page 5 does not exist; the last page is 1",
  ),
  {
    name: "a category's RSS with limit=0",
    method: "GET",
    path: "/categories/world/feed.xml?limit=0",
    status: 400,
    bodyIncludes: ["limit must be a whole number from 1 to 100"],
    form: "text",
  },
  {
    name: "a category's Atom with page=x",
    method: "GET",
    path: "/categories/world/atom.xml?page=x",
    status: 400,
    bodyIncludes: ["page must be a whole number from 1"],
    form: "text",
  },
  pageNotFound("POST to a feed", "/feed.xml", { method: "POST", headers: { "Content-Type": "application/xml" }, body: "<rss/>" }),
  pageNotFound("an unknown feed file", "/authors/jane-roe/feed.rdf"),

  // WordPress feed paths.
  textNotFound("a WordPress author feed with a bad slug", "/author/Bad_Slug/feed/", "not found"),
  textNotFound("a WordPress category feed with a NUL slug", "/category/a%00b/feed", "not found"),
  pageNotFound("an unknown WordPress feed type", "/feed/rdf/"),

  // Cards.
  textNotFound("the card of an unknown article", "/cards/no-such-article.png", "no card: no published article has this slug"),
  textNotFound("the card of a draft", `/cards/${DRAFT}.png`, "no card: no published article has this slug"),
  textNotFound(
    "a frame of a deleted article's card",
    `/cards/${DELETED}.16x9.jpg?v=anything`,
    "no card: no published article has this slug",
  ),
  textNotFound("a card with a .gif extension", `/cards/${PUBLISHED}.gif`, "no such card"),
  textNotFound("a card with no extension", `/cards/${PUBLISHED}`, "no such card"),
  textNotFound("a card in a frame Herald does not draw", `/cards/${PUBLISHED}.2x1.png`, "no such card"),
  textNotFound("a card with two extensions", `/cards/${PUBLISHED}.png.png`, "no such card"),
  textNotFound("a card of an upper-case slug", "/cards/Bad-Requests-Published.png", "no such card"),
  textNotFound("a card of a slug with an encoded slash", `/cards/..%2F${PUBLISHED}.png`, "no such card"),
  pageNotFound("PUT to a card", `/cards/${PUBLISHED}.png`, { method: "PUT", headers: { "Content-Type": "image/png" }, body: "not a png" }),
  pageNotFound("the site card as a JPEG", "/site-card.jpg"),
  pageNotFound("POST to the site card", "/site-card.png", { method: "POST" }),

  // Share links: only enabled networks, only published articles.
  textNotFound("share on an unknown network", `/share/${PUBLISHED}/pocket`, 'no share network "pocket"'),
  textNotFound("share on a network that is not enabled", `/share/${PUBLISHED}/pinterest`, 'no share network "pinterest"'),
  textNotFound("share through a button that is not a link (copy)", `/share/${PUBLISHED}/copy`, 'no share network "copy"'),
  textNotFound("share on a network named in capitals", `/share/${PUBLISHED}/Facebook`, 'no share network "Facebook"'),
  textNotFound("share on a network named like an object property", `/share/${PUBLISHED}/__proto__`, 'no share network "__proto__"'),
  textNotFound("share a draft", `/share/${DRAFT}/facebook`, "no published article has this slug"),
  textNotFound("share a deleted article", `/share/${DELETED}/x`, "no published article has this slug"),
  textNotFound("share an unknown article", "/share/no-such-article/x", "no published article has this slug"),
  textNotFound("share a slug with a script", `/share/${encodeURIComponent(SCRIPT)}/x`, "no published article has this slug"),
  textNotFound("share a draft on Mastodon", `/share/${DRAFT}/mastodon`, "no published article has this slug"),
  {
    ...textNotFound("POST to a link network's share link", `/share/${PUBLISHED}/x`, "share links are followed with GET"),
    method: "POST",
    headers: MASTODON_FORM,
    body: "x=1",
  },
  {
    name: "the Mastodon form posted from another site",
    method: "POST",
    path: `/share/${PUBLISHED}/mastodon`,
    headers: { Origin: "https://evil.example", "Content-Type": "application/x-www-form-urlencoded" },
    body: instance("evil.example"),
    status: 403,
    bodyIncludes: ["Please use the form on this page."],
    form: "page",
  },
  badMastodonServer("a Mastodon server that is a javascript: URL", "javascript:alert(1)"),
  badMastodonServer("a Mastodon server that is an IP address", "192.168.1.10"),
  badMastodonServer("a Mastodon server that is an IPv6 address", "[::1]"),
  badMastodonServer("a Mastodon server with a path", "mastodon.social/@evil"),
  badMastodonServer("a Mastodon server with a port", "mastodon.social:8443"),
  badMastodonServer("a Mastodon server without a top-level domain", "localhost"),
  badMastodonServer("a Mastodon server over http", "http://mastodon.social"),
  { ...badMastodonServer("a Mastodon server that breaks out of the form's markup", `"><script>alert(1)</script>`), bodyExcludes: [SCRIPT] },
  badMastodonServer("an empty Mastodon server", ""),
  {
    name: "a Mastodon form over 4 KiB",
    method: "POST",
    path: `/share/${PUBLISHED}/mastodon`,
    headers: MASTODON_FORM,
    body: instance(`${"a".repeat(5000)}.social`),
    status: 413,
    bodyIncludes: ["4096"],
    form: "text",
  },
  {
    ...badMastodonServer("a Mastodon server of 305 characters", LONG_HOST),
    regression: "a Mastodon host over 253 characters was accepted and redirected to",
  },

  // oEmbed (JSON).
  {
    name: "oEmbed without a url",
    method: "GET",
    path: "/oembed",
    status: 400,
    error: "missing url",
    bodyIncludes: ["?url=<article URL>"],
    form: "json",
  },
  {
    name: "oEmbed for another site's URL",
    method: "GET",
    path: `/oembed?url=${encodeURIComponent(`https://elsewhere.example/articles/${PUBLISHED}`)}`,
    status: 404,
    error: "not found",
    bodyIncludes: ["https://elsewhere.example/articles/", "is not an article of FISM News"],
    form: "json",
  },
  {
    name: "oEmbed for a draft",
    method: "GET",
    path: `/oembed?url=${encodeURIComponent(`${SITE}/articles/${DRAFT}`)}`,
    status: 404,
    error: "not found",
    bodyIncludes: ["is not an article of FISM News"],
    form: "json",
  },
  {
    name: "oEmbed for a javascript: URL",
    method: "GET",
    path: `/oembed?url=${encodeURIComponent("javascript:alert(1)")}`,
    status: 404,
    error: "not found",
    bodyIncludes: ["is not an article of FISM News"],
    form: "json",
  },
  {
    name: "oEmbed for a very long URL",
    method: "GET",
    path: `/oembed?url=${encodeURIComponent(`${SITE}/articles/${LONG_QUERY}`)}`,
    status: 404,
    error: "not found",
    bodyIncludes: ["is not an article of FISM News"],
    form: "json",
  },
  {
    name: "oEmbed as XML",
    method: "GET",
    path: `/oembed?url=${encodeURIComponent(`${SITE}/articles/${PUBLISHED}`)}&format=xml`,
    status: 501,
    error: "unsupported format",
    bodyIncludes: ["only format=json"],
    form: "json",
  },
  {
    name: "oEmbed in a format that does not exist",
    method: "GET",
    path: "/oembed?format=%3Cscript%3E",
    status: 501,
    error: "unsupported format",
    bodyIncludes: ["only format=json"],
    form: "json",
  },

  // Sitemaps, robots.txt, the health check, the share bar's files.
  textNotFound("a sitemap page past the last", "/sitemap-2.xml", "no such sitemap page"),
  pageNotFound("sitemap page 0", "/sitemap-0.xml"),
  pageNotFound("a sitemap page of seven digits", "/sitemap-1234567.xml"),
  pageNotFound("POST to the sitemap", "/sitemap.xml", { method: "POST" }),
  pageNotFound("DELETE the news sitemap", "/news-sitemap.xml", { method: "DELETE" }),
  pageNotFound("PUT robots.txt", "/robots.txt", {
    method: "PUT",
    headers: { "Content-Type": "text/plain" },
    body: "User-agent: *\nDisallow: /\n",
  }),
  pageNotFound("POST to the health check", "/healthz", { method: "POST" }),
  pageNotFound("an unknown share-bar file", "/_herald/share-bar.png"),
  pageNotFound("POST to the share-bar script", "/_herald/share-bar.js", { method: "POST" }),
];

const CASES = [...ADMIN_CASES, ...PUBLIC_CASES];

const CONTENT_TYPES: Record<ErrorForm, RegExp> = {
  json: /^application\/json/,
  text: /^text\/plain/,
  page: /^text\/html/,
};

/** Every table a request could write: the article tables, the feeds' change log, share counts, the sync cursor. */
const WRITABLE_TABLES = ["articles", "article_authors", "article_tags", "slug_redirects", "feed_changes", "share_counts", "wordpress_sync"];

/** Each writable table's row count and a hash of its every row, as `count:hash`. */
async function databaseSnapshot(): Promise<Record<string, string>> {
  const rows: Record<string, string> = {};
  for (const table of WRITABLE_TABLES) {
    const { results } = await env.DB.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all();
    rows[table] = `${results.length}:${toHex(await sha256(JSON.stringify(results)))}`;
  }
  return rows;
}

async function send(c: BadRequest): Promise<Response> {
  const body = typeof c.body === "function" ? c.body() : c.body;
  const init: RequestInit & { duplex?: "half" } = { method: c.method, headers: c.headers, body, redirect: "manual" };
  if (body instanceof ReadableStream) init.duplex = "half";
  if (!c.bindings) return request(c.path, init);
  return appFetch(c.path, { bindings: { ...env, ...c.bindings }, init });
}

beforeAll(async () => {
  const writes: [string, Record<string, unknown>, number][] = [
    [PUBLISHED, { id: IDS.published, section: "World" }, 201],
    [DRAFT, { id: IDS.draft, status: "draft" }, 201],
    [DELETED, { id: IDS.deleted }, 201],
  ];
  for (const [slug, overrides, status] of writes) {
    expect((await adminWriteAndSettle("PUT", slug, htmlArticleInput(overrides))).status, slug).toBe(status);
  }
  expect((await adminWriteAndSettle("DELETE", DELETED)).status).toBe(200);
});

describe("bad requests", () => {
  it("the table covers the admin API and every public route", () => {
    expect(ADMIN_CASES.length).toBeGreaterThanOrEqual(60);
    expect(PUBLIC_CASES.length).toBeGreaterThanOrEqual(60);
    expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
  });

  it.each(CASES)("$method $name → $status", async (c) => {
    const before = await databaseSnapshot();
    const res = await send(c);
    const text = await res.text();

    expect(res.status, text.slice(0, 300)).toBe(c.status);
    expect(res.headers.get("Cache-Control")).toBe("no-store");
    expect(res.headers.get("Content-Type")).toMatch(CONTENT_TYPES[c.form]);
    expect(res.headers.get("Set-Cookie")).toBeNull();
    for (const [name, value] of Object.entries(c.responseHeaders ?? {})) expect(res.headers.get(name), name).toMatch(value);

    if (c.form === "json") {
      const answer = JSON.parse(text) as { error: unknown; details: unknown };
      expect(Object.keys(answer).sort()).toEqual(["details", "error"]);
      expect(answer.error).toBe(c.error);
      expect(Array.isArray(answer.details) && answer.details.length > 0, "details name the problem").toBe(true);
      const details = JSON.stringify(answer.details);
      for (const part of c.bodyIncludes ?? []) expect(details).toContain(part);
    } else {
      if (c.form === "text") expect(text, "one line of text").toMatch(/^[^\n]+\n$/);
      else expect(text).toMatch(/^<!DOCTYPE html>/);
      for (const part of c.bodyIncludes ?? []) expect(text).toContain(part);
    }
    for (const part of c.bodyExcludes ?? []) expect(text).not.toContain(part);

    // A rejected request writes nothing: no row added, removed or changed in any table.
    expect(await databaseSnapshot()).toEqual(before);
  });
});
