import cyrillicRegular from "@fontsource/noto-sans/files/noto-sans-cyrillic-400-normal.woff";
import cyrillicBold from "@fontsource/noto-sans/files/noto-sans-cyrillic-700-normal.woff";
import devanagariRegular from "@fontsource/noto-sans/files/noto-sans-devanagari-400-normal.woff";
import devanagariBold from "@fontsource/noto-sans/files/noto-sans-devanagari-700-normal.woff";
import greekRegular from "@fontsource/noto-sans/files/noto-sans-greek-400-normal.woff";
import greekBold from "@fontsource/noto-sans/files/noto-sans-greek-700-normal.woff";
import latinRegular from "@fontsource/noto-sans/files/noto-sans-latin-400-normal.woff";
import latinBold from "@fontsource/noto-sans/files/noto-sans-latin-700-normal.woff";
import latinExtRegular from "@fontsource/noto-sans/files/noto-sans-latin-ext-400-normal.woff";
import latinExtBold from "@fontsource/noto-sans/files/noto-sans-latin-ext-700-normal.woff";
import hebrewRegular from "@fontsource/noto-sans-hebrew/files/noto-sans-hebrew-hebrew-400-normal.woff";
import hebrewBold from "@fontsource/noto-sans-hebrew/files/noto-sans-hebrew-hebrew-700-normal.woff";
import arabicRegular from "@fontsource/tajawal/files/tajawal-arabic-400-normal.woff";
import arabicBold from "@fontsource/tajawal/files/tajawal-arabic-700-normal.woff";
import type { Font } from "satori/standalone";

export const CARD_FONT_FAMILY = "Noto Sans";

/**
 * Noto Sans subsets (and Tajawal for Arabic) bundled as WOFF, which satori reads (not WOFF2),
 * regular for bylines and bold for headlines. Not Noto Sans Arabic: it draws letters without
 * their dots and attaches the dots as marks, which satori 0.63.2 leaves out, so ق came out
 * as ف and ة as ه (seen on this renderer's cards, December 2026); Tajawal's letters carry
 * their dots. Satori picks, glyph by glyph, the first font that has it, and shapes
 * each run with harfbuzz, so Arabic joins, Hebrew reads right to left and Devanagari's
 * conjuncts form. Glyphs no bundled font has (CJK, Thai, emoji) would be drawn as empty
 * boxes: see `drawableOnCard`. A CJK font would be several MB of the 3 MB script limit.
 */
export const CARD_FONTS: Font[] = [
  { name: CARD_FONT_FAMILY, data: latinRegular, weight: 400, style: "normal" },
  { name: CARD_FONT_FAMILY, data: latinBold, weight: 700, style: "normal" },
  { name: `${CARD_FONT_FAMILY} Latin Ext`, data: latinExtRegular, weight: 400, style: "normal" },
  { name: `${CARD_FONT_FAMILY} Latin Ext`, data: latinExtBold, weight: 700, style: "normal" },
  { name: `${CARD_FONT_FAMILY} Cyrillic`, data: cyrillicRegular, weight: 400, style: "normal" },
  { name: `${CARD_FONT_FAMILY} Cyrillic`, data: cyrillicBold, weight: 700, style: "normal" },
  { name: `${CARD_FONT_FAMILY} Greek`, data: greekRegular, weight: 400, style: "normal" },
  { name: `${CARD_FONT_FAMILY} Greek`, data: greekBold, weight: 700, style: "normal" },
  { name: "Tajawal", data: arabicRegular, weight: 400, style: "normal" },
  { name: "Tajawal", data: arabicBold, weight: 700, style: "normal" },
  { name: `${CARD_FONT_FAMILY} Hebrew`, data: hebrewRegular, weight: 400, style: "normal" },
  { name: `${CARD_FONT_FAMILY} Hebrew`, data: hebrewBold, weight: 700, style: "normal" },
  { name: `${CARD_FONT_FAMILY} Devanagari`, data: devanagariRegular, weight: 400, style: "normal" },
  { name: `${CARD_FONT_FAMILY} Devanagari`, data: devanagariBold, weight: 700, style: "normal" },
];

/** The fallback set: if a script's font cannot be parsed, the card is drawn with these. */
export const LATIN_FONTS: Font[] = CARD_FONTS.slice(0, 4);

/** The scripts the fonts above cover; Common and Inherited hold digits, punctuation and combining marks. */
const DRAWABLE =
  /^[\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Greek}\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Devanagari}\p{Script=Common}\p{Script=Inherited}]*$/u;
/** Emoji, with their joiners and variation selectors, and other pictographs no bundled font has. */
const PICTOGRAPHS = /\p{Extended_Pictographic}|\p{Regional_Indicator}|\p{Emoji_Modifier}|\u{FE0F}|\u{200D}|\u{20E3}/gu;

/**
 * The text as the card can draw it: without emoji, or undefined when it has letters of a
 * script no bundled font covers (Chinese, Japanese, Thai…), which would come out as boxes.
 */
export function drawableOnCard(text: string): string | undefined {
  const drawn = text
    .replace(PICTOGRAPHS, "")
    .replace(/\s{2,}/g, " ")
    .trim();
  return DRAWABLE.test(drawn) ? drawn : undefined;
}
