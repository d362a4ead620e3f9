import * as v from "valibot";
import { portableText } from "./ingest/text-characters";
import { isSlug, SLUG_RULE } from "./slug";

/** Largest request body the admin API reads, in bytes (413 above it). */
export const MAX_REQUEST_BYTES = 1024 * 1024;
/** Largest article body, in characters, before sanitising. */
export const MAX_BODY_CHARS = 512 * 1024;

/** Largest stored (sanitised, serialised) body in bytes: D1 rows are limited to 2 MB. */
export const MAX_STORED_BODY_BYTES = 1024 * 1024;

/** A slug as given: NFC-normalised first, as slugs in paths are, so an NFD spelling is the same slug. */
export const SlugSchema = v.pipe(
  v.string("must be a string"),
  v.transform((slug) => slug.normalize("NFC")),
  v.check(isSlug, `must be ${SLUG_RULE}`),
);

/** ISO 8601 with a zone ("2021-11-07T09:30:00-05:00", "…Z") or a date ("2021-11-07", midnight UTC). */
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2}))?$/;
const TimestampSchema = v.pipe(
  v.string("must be an ISO 8601 date-time string"),
  v.regex(TIMESTAMP, "must be ISO 8601 with a time zone, such as 2021-11-07T09:30:00Z, or a date such as 2021-11-07"),
  v.check(isRealCalendarDate, "is not a real date (year 1000–9998, an existing day)"),
  v.transform((s) => new Date(s).toISOString()),
);

/** JavaScript turns 2021-02-30 into 2 March; refuse it instead. Years stay four digits in UTC. */
function isRealCalendarDate(value: string): boolean {
  const [year, month, day] = value.slice(0, 10).split("-").map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return year >= 1000 && year <= 9998 && date.getUTCMonth() === month - 1 && date.getUTCDate() === day && !Number.isNaN(Date.parse(value));
}

/**
 * Every text field starts here: a string as every output can carry it (see portableText),
 * made so before any length or emptiness check.
 */
const TextSchema = v.pipe(v.string("must be a string"), v.transform(portableText));

const HttpUrlSchema = v.pipe(
  TextSchema,
  v.maxLength(2048, "must be at most 2048 characters"),
  v.url("must be an absolute URL"),
  v.check((s) => /^https?:\/\//i.test(s), "must be an http or https URL"),
  // Stored as the URL standard writes it (quotes, spaces and markup percent-encoded, the host
  // in lower case), so every output prints the same URL: the feed library normalises links
  // it writes and the pages did not.
  v.transform((s) => new URL(s).href),
);

const NameSchema = v.pipe(TextSchema, v.trim(), v.nonEmpty("must not be empty"), v.maxLength(200, "must be at most 200 characters"));

/**
 * A name, or an object, told apart by what the value is. A union of the two answers an object
 * with one bad field by "must be a name or { … }" alone (the name branch fails, and the object
 * branch's transforms leave it untyped), so the caller never learns which field was wrong.
 */
function nameOrObject<const TName extends v.GenericSchema, const TObject extends v.GenericSchema>(name: TName, object: TObject) {
  return v.lazy((input) => (typeof input === "string" ? name : object));
}

/** A person or term: `{ name, slug? }` (slug derived from the name when absent) or just a name. */
const NamedSchema = nameOrObject(
  v.pipe(
    NameSchema,
    v.transform((name) => ({ name, slug: undefined as string | undefined })),
  ),
  v.strictObject({ name: NameSchema, slug: v.optional(SlugSchema) }, "must be a name or { name, slug }"),
);

/** An author: a name, or `{ name, slug?, fediverse? }` with a handle such as "@jane@news.social". */
const AuthorSchema = nameOrObject(
  v.pipe(
    NameSchema,
    v.transform((name) => ({ name, slug: undefined as string | undefined, fediverse: undefined as string | undefined })),
  ),
  v.strictObject(
    {
      name: NameSchema,
      slug: v.optional(SlugSchema),
      fediverse: v.optional(
        v.pipe(
          v.string("must be a string"),
          v.regex(/^@?[A-Za-z0-9_.-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$/, "must be a fediverse handle such as @jane@news.social"),
          v.transform((handle) => (handle.startsWith("@") ? handle : `@${handle}`)),
        ),
      ),
    },
    "must be a name or { name, slug, fediverse }",
  ),
);

const PixelSizeSchema = v.optional(
  v.pipe(
    v.number("must be a number"),
    v.integer("must be a whole number"),
    v.minValue(1, "must be positive"),
    v.maxValue(20000, "must be at most 20000"),
  ),
);

const LeadImageSchema = v.strictObject({
  url: HttpUrlSchema,
  alt: v.pipe(
    v.string("must be a string (empty for a decorative image)"),
    v.transform(portableText),
    v.maxLength(1000, "must be at most 1000 characters"),
  ),
  width: PixelSizeSchema,
  height: PixelSizeSchema,
});

const ARTICLE_OBJECT = "must be a JSON object of article fields";

const BodyStringSchema = v.pipe(TextSchema, v.maxLength(MAX_BODY_CHARS, `must be at most ${MAX_BODY_CHARS} characters`));

/** Every field of an article as PUT takes it. */
const ArticleFieldsSchema = v.strictObject(
  {
    id: v.optional(
      v.pipe(
        v.string("must be a string"),
        v.regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/, "must be 1–128 letters, digits, '.', '_', ':' or '-'"),
      ),
    ),
    slug: v.optional(SlugSchema),
    title: v.pipe(TextSchema, v.trim(), v.nonEmpty("must not be empty"), v.maxLength(300, "must be at most 300 characters")),
    dek: v.optional(v.nullable(v.pipe(TextSchema, v.trim(), v.maxLength(1000, "must be at most 1000 characters")))),
    bodyHtml: v.optional(BodyStringSchema),
    bodyText: v.optional(BodyStringSchema),
    authors: v.optional(
      v.pipe(
        v.array(AuthorSchema, "must be a list of authors"),
        v.minLength(1, "must name at least one author"),
        v.maxLength(20, "must have at most 20 authors"),
      ),
    ),
    section: v.optional(v.nullable(NamedSchema)),
    tags: v.optional(v.pipe(v.array(NamedSchema, "must be a list of tags"), v.maxLength(50, "must have at most 50 tags")), []),
    leadImage: v.optional(v.nullable(LeadImageSchema)),
    canonicalUrl: v.optional(v.nullable(HttpUrlSchema)),
    publishedAt: TimestampSchema,
    updatedAt: v.optional(TimestampSchema),
    status: v.optional(v.picklist(["draft", "published", "deleted"], "must be draft, published or deleted")),
    source: v.optional(
      v.strictObject({
        kind: v.pipe(
          v.string("must be a string"),
          v.regex(/^[a-z][a-z0-9-]{0,31}$/, "must be a short lowercase word such as text or wordpress"),
        ),
        ref: v.optional(v.pipe(v.string("must be a string"), v.maxLength(2048, "must be at most 2048 characters"))),
      }),
    ),
    // Read-only, returned by GET; accepted so GET → PUT round-trips.
    contentHash: v.optional(v.string()),
    createdAt: v.optional(v.string()),
  },
  ARTICLE_OBJECT,
);

/**
 * valibot's object schemas take an array for an object, its indexes as unknown keys: a body of
 * `[{…}]` would be answered "0 is not a known field, title is required…". The guard claims the
 * fields' input type only for the schema that checks them next.
 */
const JsonObjectSchema = v.custom<v.InferInput<typeof ArticleFieldsSchema>>(
  (input) => typeof input === "object" && input !== null && !Array.isArray(input),
  ARTICLE_OBJECT,
);

/**
 * The body of `PUT /api/articles/:slug`. It accepts exactly what `GET` returns (read-only
 * fields such as contentHash are accepted and ignored), so a round trip changes nothing.
 * Unknown fields are rejected, so a typo is an error rather than silently lost data.
 */
export const ArticlePutSchema = v.pipe(
  JsonObjectSchema,
  ArticleFieldsSchema,
  v.forward(
    v.partialCheck(
      [["bodyHtml"], ["bodyText"]],
      (input) => (input.bodyHtml === undefined) !== (input.bodyText === undefined),
      "give the body as exactly one of bodyHtml or bodyText",
    ),
    ["bodyHtml"],
  ),
);

export type ArticlePut = v.InferOutput<typeof ArticlePutSchema>;

export interface FieldProblem {
  field: string;
  message: string;
}

/** Every schema violation, one per field, in the API's `details` shape. */
export function describeIssues(issues: readonly v.BaseIssue<unknown>[]): FieldProblem[] {
  return issues.map((issue) => {
    const field = v.getDotPath(issue) ?? "";
    // valibot reports both a missing key and an unknown key as object issues.
    if (issue.kind === "schema" && issue.received === "undefined") return { field, message: "is required" };
    if (issue.kind === "schema" && issue.expected === "never") return { field, message: "is not a known field" };
    return { field, message: issue.message };
  });
}
