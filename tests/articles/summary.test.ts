import { describe, expect, it } from "vitest";
import { trimOnWordBoundary } from "../../src/articles/summary";

describe("trimOnWordBoundary", () => {
  it("cuts on a word boundary with an ellipsis, within the limit", () => {
    expect(trimOnWordBoundary("one two three four five six", 12)).toBe("one two…");
    expect(trimOnWordBoundary("  short   text ", 200)).toBe("short text");
  });

  it("never cuts inside a character: no lone surrogate half, no broken emoji or accent", () => {
    // Found by tests/properties: a slice at 199 code units split a surrogate pair.
    const astral = trimOnWordBoundary("𐀀".repeat(150), 200);
    expect(astral).toBe(`${"𐀀".repeat(99)}…`);
    expect(astral.length).toBeLessThanOrEqual(200);
    const family = "👨‍👩‍👧‍👦";
    const emoji = trimOnWordBoundary(`${"a".repeat(195)}${family}${family}`, 200);
    expect(emoji).toBe(`${"a".repeat(195)}…`);
    expect(trimOnWordBoundary(`${"e\u0301".repeat(150)}`, 200)).toBe(`${"e\u0301".repeat(99)}…`);
  });
});
