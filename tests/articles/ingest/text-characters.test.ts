import { describe, expect, it } from "vitest";
import { prepareBody } from "../../../src/articles/ingest/body";
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

describe("the body pipeline", () => {
  it("removes what character references decode to when no output can carry it", () => {
    // Found by tests/properties: `&#65534;` was stored as U+FFFE, which the feeds then dropped.
    const body = prepareBody(
      { html: '<p>a&#65534;b&#xFFFF;c&#x1B;d&#13;e<img src="https://images.example/a.jpg" alt="t&#1;"></p>' },
      { baseUrl: "https://news.example/", publications: [] },
    );
    expect(body).toMatchObject({ ok: true, html: '<p>abcd\ne<img alt="t" src="https://images.example/a.jpg"></p>' });
  });
});
