import { describe, expect, it } from "vitest";
import { portableText } from "../../../src/articles/ingest/text-characters";

describe("portableText", () => {
  it("removes what XML forbids and UTF-8 cannot encode: C0 controls, U+FFFE, U+FFFF, lone surrogates", () => {
    expect(portableText("a\u0000b\u0001c\u0008d\u000Be\u000Cf\u001Fg\uFFFEh\uFFFFi")).toBe("abcdefghi");
    expect(portableText("lone \uD800 high, lone \uDFFF low, reversed \uDC00\uD800 pair")).toBe("lone  high, lone  low, reversed  pair");
  });

  it("keeps tab, LF, paired surrogates (emoji, flags, ZWJ sequences), bidi controls and combining marks", () => {
    const kept = "tab\tLF\n 🚀 🇮🇶 👨‍👩‍👧‍👦 \u202Eמרחב\u202C e\u0301 \u00A0 \u2028";
    expect(portableText(kept)).toBe(kept);
  });

  it("turns CR and CRLF into LF, as XML and HTML parsers read them", () => {
    expect(portableText("one\r\ntwo\rthree\n")).toBe("one\ntwo\nthree\n");
  });
});
