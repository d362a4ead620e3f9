import slugify from "slugify";

// Plain erasable TypeScript only: scripts/import.mjs imports this file directly under Node 22.

/**
 * Slugs come in two kinds, as WordPress's do.
 *
 * - A name written in Latin script (accents and all) gets an ASCII slug: "Café Noir" →
 *   "cafe-noir". Readers type these, and every existing Herald and WordPress URL is one.
 * - A name with a letter of any other script (Hebrew, Arabic, Cyrillic, Greek, Devanagari,
 *   CJK…) gets a Unicode slug: "חדשות היום" → "חדשות-היום". WordPress's sanitize_title keeps
 *   such letters and writes them percent-encoded (UTF-8) in URLs; transliterating them, as
 *   slugify does, loses them ("لورين موي" → "lwryn-mwy": an Arabic reader cannot read it back,
 *   and two names can meet in one slug).
 *
 * A Unicode slug is the name in NFC, lower-cased (String#toLowerCase, Unicode's full
 * locale-independent mapping, as PHP's mb_strtolower), with every run of characters that are
 * not a letter, combining mark or decimal digit turned into one hyphen, trimmed of hyphens and
 * cut to MAX_SLUG_LENGTH code points. Apostrophes and the Hebrew geresh and gershayim join
 * their word instead of splitting it ("צה״ל" → "צהל", as "O'Brien" → "obrien"); invisible
 * format characters (joiners, direction marks, the soft hyphen, the Arabic tatweel) are
 * dropped. Slugs are kept in this form in the store and encoded only where a URL is built
 * (site/urls.ts).
 */
export const MAX_SLUG_LENGTH = 120;
export const SLUG_RULE =
  "lowercase letters of any script, digits and single hyphens between them (Unicode NFC), at most 120 characters, such as iraq-drone-attack or חדשות-היום";

/** The slug every Latin-script name gets: lowercase ASCII letters and digits, single hyphens. */
const ASCII_SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * Either kind: parts of letters, combining marks and decimal digits between single hyphens,
 * each part starting with a letter or digit (a mark belongs to the letter before it). isSlug
 * checks NFC, case and length as well.
 */
export const SLUG_PATTERN = /^[\p{L}\p{Nd}][\p{L}\p{M}\p{Nd}]*(?:-[\p{L}\p{Nd}][\p{L}\p{M}\p{Nd}]*)*$/u;

/** A letter that is not Latin (Common and Inherited letters, such as modifier letters, are neither). */
const NON_LATIN_LETTER = /(?![\p{Script=Latin}\p{Script=Common}\p{Script=Inherited}])\p{L}/u;
/** Typed inside a word without separating it: apostrophes, geresh, gershayim (and the `"` typed for it). */
const WORD_JOINING = /['’"\u05F3\u05F4]/g;
/** Invisible format characters and the tatweel, which only stretches an Arabic word. */
const INVISIBLE = /[\u00AD\u0640\u061C\u200B-\u200F\u202A-\u202E\u2060\u2066-\u2069\uFEFF]/g;
const NOT_SLUG_CHARACTERS = /[^\p{L}\p{M}\p{Nd}]+/gu;
/** Marks left at the start of a part once what they belonged to became a hyphen. */
const STRAY_MARKS = /(^|-)\p{M}+/gu;

function codePointLength(value: string): number {
  let n = 0;
  for (const _ of value) n++;
  return n;
}

export function isSlug(value: string): boolean {
  if (ASCII_SLUG.test(value)) return value.length <= MAX_SLUG_LENGTH;
  return (
    SLUG_PATTERN.test(value) &&
    codePointLength(value) <= MAX_SLUG_LENGTH &&
    value === value.normalize("NFC") &&
    value === value.toLowerCase()
  );
}

/** At most `max` code points: on the last hyphen that fits, or between two graphemes of a single long word. */
function cutToLength(slug: string, max: number): string {
  const points = [...slug];
  if (points.length <= max) return slug;
  const head = points.slice(0, max).join("");
  if (points[max] === "-") return head;
  const lastHyphen = head.lastIndexOf("-");
  if (lastHyphen > 0) return head.slice(0, lastHyphen);
  let kept = "";
  let length = 0;
  for (const { segment } of new Intl.Segmenter("und", { granularity: "grapheme" }).segment(slug)) {
    length += codePointLength(segment);
    if (length > max) break;
    kept += segment;
  }
  return kept || head;
}

function unicodeSlug(name: string): string {
  const slug = name
    .normalize("NFC")
    .toLowerCase()
    .normalize("NFC")
    .replace(INVISIBLE, "")
    .replace(WORD_JOINING, "")
    .replace(NOT_SLUG_CHARACTERS, "-")
    .replace(STRAY_MARKS, "$1")
    .replace(/-{2,}/g, "-")
    .replace(/^-|-$/g, "");
  return cutToLength(slug, MAX_SLUG_LENGTH);
}

/** Today's ASCII slug of a Latin-script name, cut as it always was. */
function asciiSlug(name: string): string {
  return slugify(name, { lower: true, strict: true, trim: true }).slice(0, MAX_SLUG_LENGTH).replace(/-+$/, "");
}

/**
 * "Middle East" → "middle-east", "Café Noir" → "cafe-noir", "Дмитрий Муратов" →
 * "дмитрий-муратов" (see above); "" when the name has no letter or digit. A Latin name that
 * slugify has no ASCII for gets the Unicode slug rather than none.
 */
export function slugFromName(name: string): string {
  const ascii = NON_LATIN_LETTER.test(name) ? "" : asciiSlug(name);
  const slug = ascii || unicodeSlug(name);
  return isSlug(slug) ? slug : "";
}
