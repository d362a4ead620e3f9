/**
 * Which way text runs: from a language tag (the site's SITE_LANGUAGE) or from the text itself
 * (an article's title). Used by pages (`<html dir>`, `<article dir>`), feeds (the direction of
 * an item's HTML) and card images, so all of them agree.
 */

export type TextDirection = "rtl" | "ltr";

/**
 * Scripts written right to left, by ISO 15924 code: the scripts whose letters have the bidi
 * class R or AL in Unicode's UnicodeData.txt (the same list CLDR's likely subtags and
 * `Intl.Locale#getTextInfo` work from). Only read when the runtime has no text info.
 */
const RTL_SCRIPTS = new Set([
  "Adlm", // Adlam (Fulani)
  "Arab", // Arabic, Persian, Urdu, Pashto, Sindhi, Uyghur, Sorani Kurdish…
  "Hebr", // Hebrew, Yiddish, Ladino
  "Mand", // Mandaic
  "Mend", // Mende Kikakui
  "Nkoo", // N'Ko
  "Rohg", // Hanifi Rohingya
  "Samr", // Samaritan
  "Syrc", // Syriac
  "Thaa", // Thaana (Dhivehi)
  "Yezi", // Yezidi
]);

/** `Intl.Locale` text info: a `getTextInfo()` method in workerd and recent V8, a `textInfo` getter in Node 22. */
interface LocaleWithTextInfo {
  getTextInfo?: () => { direction?: string };
  textInfo?: { direction?: string };
}

const languageDirections = new Map<string, TextDirection>();

/**
 * The direction of a language: "rtl" for he, ar, fa, ur, yi, ps, dv, ckb, sd, ug… (and for a
 * tag that names a right-to-left script, such as az-Arab), "ltr" otherwise and for a tag that
 * is not one. From the runtime's CLDR data (`Intl.Locale` text info) where it has it, else
 * from the language's likely script (`maximize()`, also CLDR) and RTL_SCRIPTS above.
 */
export function languageDirection(tag: string): TextDirection {
  const known = languageDirections.get(tag);
  if (known) return known;
  let direction: TextDirection = "ltr";
  try {
    const locale = new Intl.Locale(tag);
    const info = locale as unknown as LocaleWithTextInfo;
    const reported = info.getTextInfo?.().direction ?? info.textInfo?.direction;
    if (reported === "rtl" || reported === "ltr") direction = reported;
    else direction = RTL_SCRIPTS.has(locale.maximize().script ?? "") ? "rtl" : "ltr";
  } catch {
    // Not a language tag: left to right, as HTML assumes.
  }
  languageDirections.set(tag, direction);
  return direction;
}

/**
 * A letter of a right-to-left script, or one of the marks that are strong right-to-left
 * characters (RIGHT-TO-LEFT MARK, ARABIC LETTER MARK). Every other letter, and the
 * LEFT-TO-RIGHT MARK, is strong left-to-right; digits, punctuation, spaces and combining marks
 * are weak or neutral and do not decide.
 */
const RTL_STRONG =
  /[\u200F\u061C]|(?=\p{L})[\p{Script=Hebrew}\p{Script=Arabic}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}\p{Script=Samaritan}\p{Script=Mandaic}\p{Script=Adlam}\p{Script=Hanifi_Rohingya}\p{Script=Mende_Kikakui}\p{Script=Yezidi}]/u;
/** Strong characters and the isolate controls whose contents P2 skips. */
const STRONG_OR_ISOLATE = /[\u200E\u200F\u061C\u2066-\u2069]|\p{L}/gu;
const ISOLATE_INITIATORS = "\u2066\u2067\u2068";
const POP_DIRECTIONAL_ISOLATE = "\u2069";

/**
 * The direction of a paragraph of text by the Unicode Bidirectional Algorithm's rules P2 and
 * P3 (UAX #9): that of its first strong character, skipping what lies between an isolate
 * initiator and its matching PDI. "rtl" for "חדשות היום" or "«مرحبا» world", "ltr" for
 * "Hello עולם", undefined when the text has no strong character ("2024", "🎉"), so the
 * caller's context decides. Letters stand for the bidi classes JavaScript cannot ask about:
 * a letter is strong in the direction of its script.
 */
export function textDirection(text: string): TextDirection | undefined {
  let isolated = 0;
  for (const [character] of text.matchAll(STRONG_OR_ISOLATE)) {
    if (ISOLATE_INITIATORS.includes(character)) isolated++;
    else if (character === POP_DIRECTIONAL_ISOLATE) isolated = Math.max(0, isolated - 1);
    else if (isolated === 0) return RTL_STRONG.test(character) ? "rtl" : "ltr";
  }
  return undefined;
}
