import { describe, expect, it } from "vitest";
import { isSlug, MAX_SLUG_LENGTH, SLUG_RULE, slugFromName } from "../../src/articles/slug";

const codePoints = (value: string) => [...value].length;

describe("slugFromName", () => {
  it("keeps the ASCII slug of a name written in Latin script, accents and all", () => {
    expect(slugFromName("Café Noir")).toBe("cafe-noir");
    expect(slugFromName("Middle East")).toBe("middle-east");
    expect(slugFromName("Zoë Ångström")).toBe("zoe-angstrom");
    expect(slugFromName("Nguyễn Văn Thiệu")).toBe("nguyen-van-thieu");
    expect(slugFromName("O'Brien & Sons")).toBe("obrien-and-sons");
  });

  it.each([
    ["Hebrew", "לורין מוי", "לורין-מוי"],
    ["Arabic", "لورين موي", "لورين-موي"],
    ["Persian, with a zero-width non-joiner inside a word", "می‌خواهم بروم", "میخواهم-بروم"],
    ["Cyrillic", "Дмитрий Муратов", "дмитрий-муратов"],
    ["Greek, final sigma kept", "ΚΥΡΙΆΚΟΣ Μητσοτάκης", "κυριάκος-μητσοτάκης"],
    ["Devanagari, vowel signs and virama kept", "नरेन्द्र मोदी", "नरेन्द्र-मोदी"],
    ["Chinese", "习近平 主席", "习近平-主席"],
    ["Japanese, the katakana middle dot a separator", "東京・オリンピック", "東京-オリンピック"],
    ["Korean", "서울 특별시", "서울-특별시"],
    ["Thai", "กรุงเทพ มหานคร", "กรุงเทพ-มหานคร"],
    ["Arabic-Indic digits", "قمة ٢٠٢٤", "قمة-٢٠٢٤"],
  ])("gives a %s name a Unicode slug", (_script, name, slug) => {
    expect(slugFromName(name)).toBe(slug);
    expect(isSlug(slug)).toBe(true);
  });

  it("gives an Arabic author an Arabic slug, not a transliteration", () => {
    expect(slugFromName("لورين موي")).not.toBe("lwryn-mwy");
    expect(slugFromName("لورين موي")).toBe("لورين-موي");
  });

  it("keeps the Latin part of a mixed Latin and Hebrew name as it is written, lower-cased", () => {
    expect(slugFromName("Dana דנה Cohen")).toBe("dana-דנה-cohen");
    expect(slugFromName("Café שלום")).toBe("café-שלום");
    expect(slugFromName("IDF צה״ל")).toBe("idf-צהל");
  });

  it("gives an NFD name the slug of its NFC spelling", () => {
    const nfd = "Αθήνα Ελλάδα".normalize("NFD");
    expect(nfd).not.toBe("Αθήνα Ελλάδα");
    expect(slugFromName(nfd)).toBe("αθήνα-ελλάδα");
    expect(slugFromName("Café שלום".normalize("NFD"))).toBe("café-שלום");
    // Hebrew presentation forms are not NFC: the slug has the plain letter and its mark.
    expect(slugFromName("\uFB2Aלום")).toBe("ש\u05C1לום");
  });

  it("turns punctuation, symbols, emoji and invisible characters into single hyphens or nothing", () => {
    expect(slugFromName("  «חדשות» — היום!! 🎉 ")).toBe("חדשות-היום");
    expect(slugFromName("كـتـاب\u200F جديد")).toBe("كتاب-جديد");
    expect(slugFromName("\u05B4שלום")).toBe("שלום");
  });

  it("gives no slug for a name without a letter or digit", () => {
    expect(slugFromName("🎉🎉")).toBe("");
    expect(slugFromName("— ? —")).toBe("");
  });

  it("cuts a long Unicode name to MAX_SLUG_LENGTH code points, on a hyphen when there is one", () => {
    const words = slugFromName("שלום ".repeat(40));
    expect(codePoints(words)).toBeLessThanOrEqual(MAX_SLUG_LENGTH);
    expect(words.endsWith("-")).toBe(false);
    expect(words.split("-").every((word) => word === "שלום")).toBe(true);
    const oneWord = slugFromName("ש".repeat(200));
    expect(codePoints(oneWord)).toBe(MAX_SLUG_LENGTH);
    // A single long word is cut between graphemes: no letter loses its marks. Each "שָׁ" is
    // three code points, so 120 would split the 40th in two.
    const pointed = slugFromName(`א${"שָׁ".repeat(100)}`);
    expect(codePoints(pointed)).toBe(1 + 39 * 3);
    expect(isSlug(pointed)).toBe(true);
  });
});

describe("isSlug", () => {
  it("accepts ASCII slugs and Unicode slugs", () => {
    for (const slug of ["iraq-drone-attack", "2024", "חדשות-היום", "لورين-موي", "дмитрий-муратов", "café-noir", "东京-2020"]) {
      expect(isSlug(slug), slug).toBe(true);
    }
  });

  it.each([
    ["empty", ""],
    ["dot-dot", ".."],
    ["a slash", "a/b"],
    ["a percent sign", "%2F"],
    ["a space", "a b"],
    ["upper case", "Iraq"],
    ["Cyrillic upper case", "Дмитрий"],
    ["an emoji", "party-🎉"],
    ["a leading hyphen", "-a"],
    ["a double hyphen", "a--b"],
    ["a trailing hyphen", "a-"],
    ["a leading combining mark", "\u05B4a"],
    ["NFD", "αθήνα".normalize("NFD")],
    ["a direction mark", "שלום\u200F"],
    ["an underscore", "a_b"],
    ["too long (ASCII)", "a".repeat(MAX_SLUG_LENGTH + 1)],
    ["too long (Unicode)", "ש".repeat(MAX_SLUG_LENGTH + 1)],
  ])("refuses %s", (_what, slug) => {
    expect(isSlug(slug)).toBe(false);
  });

  it("counts length in code points, not UTF-16 units", () => {
    // U+20000 (CJK Extension B) is two UTF-16 units.
    expect(isSlug("\u{20000}".repeat(MAX_SLUG_LENGTH))).toBe(true);
  });

  it("is what slugFromName makes", () => {
    for (const name of ["Дмитрий Муратов", "لورين موي", "İstanbul שלום", "ǅemal", "Ⅻ ש", "ﬁ"]) {
      const slug = slugFromName(name);
      // Every one of these names has letters: each must give a slug, and a valid one.
      expect(slug, name).not.toBe("");
      expect(isSlug(slug), `${name} → ${slug}`).toBe(true);
    }
  });

  it("has a rule that says what it accepts", () => {
    expect(SLUG_RULE).toContain(`at most ${MAX_SLUG_LENGTH} characters`);
    for (const example of SLUG_RULE.match(/such as (\S+) or (\S+)$/)?.slice(1) ?? []) expect(isSlug(example), example).toBe(true);
  });
});
