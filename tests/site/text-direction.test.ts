import { describe, expect, it } from "vitest";
import { languageDirection, textDirection } from "../../src/site/text-direction";

describe("languageDirection", () => {
  it("is rtl for the languages written right to left", () => {
    for (const tag of ["he", "he-IL", "iw", "ar", "ar-EG", "fa", "ur", "yi", "ps", "dv", "ckb", "sd", "ug", "syr", "az-Arab", "pa-Arab"]) {
      expect(languageDirection(tag), tag).toBe("rtl");
    }
  });

  it("is ltr for the others, for a right-to-left language in a left-to-right script, and for a tag that is not one", () => {
    for (const tag of ["en", "en-US", "fr", "ru", "el", "hi", "zh-Hant", "ja", "ku", "az", "tr", "sd-Deva", "not a tag"]) {
      expect(languageDirection(tag), tag).toBe("ltr");
    }
  });
});

describe("textDirection", () => {
  it.each([
    ["Hebrew", "חדשות היום", "rtl"],
    ["Arabic", "مرحبا بالعالم", "rtl"],
    ["Persian", "سلام دنیا", "rtl"],
    ["Syriac", "ܫܠܡܐ", "rtl"],
    ["Thaana", "ދިވެހި", "rtl"],
    ["English", "Hello world", "ltr"],
    ["Cyrillic", "Привет", "ltr"],
    ["Devanagari", "नमस्ते", "ltr"],
    ["Chinese", "你好", "ltr"],
  ])("follows the first strong character: %s", (_script, text, direction) => {
    expect(textDirection(text)).toBe(direction);
  });

  it("skips digits, punctuation and spaces before the first strong character (P2)", () => {
    expect(textDirection("2024: «חדשות» in English")).toBe("rtl");
    expect(textDirection("“Hello” עולם")).toBe("ltr");
    expect(textDirection("١٢٣ - News")).toBe("ltr");
  });

  it("skips what an isolate holds, and obeys the direction marks", () => {
    expect(textDirection("\u2068Hello\u2069 עולם")).toBe("rtl");
    expect(textDirection("\u2067שלום\u2069 world")).toBe("ltr");
    expect(textDirection("\u200F2024")).toBe("rtl");
    expect(textDirection("\u200E2024 שלום")).toBe("ltr");
  });

  it("has no direction for text without a strong character", () => {
    expect(textDirection("2024")).toBeUndefined();
    expect(textDirection("🎉 — !")).toBeUndefined();
    expect(textDirection("")).toBeUndefined();
  });
});
