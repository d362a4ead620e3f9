import cyrillicRegular from "@fontsource/noto-sans/files/noto-sans-cyrillic-400-normal.woff";
import cyrillicBold from "@fontsource/noto-sans/files/noto-sans-cyrillic-700-normal.woff";
import devanagariBold from "@fontsource/noto-sans/files/noto-sans-devanagari-700-normal.woff";
import greekRegular from "@fontsource/noto-sans/files/noto-sans-greek-400-normal.woff";
import greekBold from "@fontsource/noto-sans/files/noto-sans-greek-700-normal.woff";
import latinRegular from "@fontsource/noto-sans/files/noto-sans-latin-400-normal.woff";
import latinBold from "@fontsource/noto-sans/files/noto-sans-latin-700-normal.woff";
import latinExtRegular from "@fontsource/noto-sans/files/noto-sans-latin-ext-400-normal.woff";
import latinExtBold from "@fontsource/noto-sans/files/noto-sans-latin-ext-700-normal.woff";
import hebrewBold from "@fontsource/noto-sans-hebrew/files/noto-sans-hebrew-hebrew-700-normal.woff";
import arabicBold from "@fontsource/tajawal/files/tajawal-arabic-700-normal.woff";
import type { Font } from "satori/standalone";

export const CARD_FONT_FAMILY = "Noto Sans";

/**
 * Noto Sans subsets (and Tajawal for Arabic: Noto Sans Arabic's GSUB tables are beyond
 * satori's font parser) bundled as WOFF, which satori reads (not WOFF2). Satori picks, glyph
 * by glyph, the first font that has it, so Arabic, Hebrew, Cyrillic, Greek and Devanagari
 * headlines render in a matching face; glyphs no bundled font has (CJK, emoji) are left out
 * rather than failing the card.
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
  { name: "Tajawal", data: arabicBold, weight: 700, style: "normal" },
  { name: `${CARD_FONT_FAMILY} Hebrew`, data: hebrewBold, weight: 700, style: "normal" },
  { name: `${CARD_FONT_FAMILY} Devanagari`, data: devanagariBold, weight: 700, style: "normal" },
];

/** The fallback set: if a script's font cannot be parsed, the card is drawn with these. */
export const LATIN_FONTS: Font[] = CARD_FONTS.slice(0, 4);
