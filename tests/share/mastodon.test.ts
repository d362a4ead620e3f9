import { describe, expect, it } from "vitest";
import { MAX_HOST_NAME_CHARS, parseInstance } from "../../src/share/mastodon";

/** A host name of exactly `length` characters: 63-character labels, then a shorter one, then ".social". */
function hostOfLength(length: number): string {
  const labels: string[] = [];
  let remaining = length - ".social".length;
  while (remaining > 0) {
    const label = Math.min(63, remaining);
    labels.push("a".repeat(label));
    remaining -= label + 1;
  }
  return `${labels.join(".")}.social`;
}

describe("Mastodon instance names", () => {
  it("accepts a host name of DNS's full length, 253 characters, and refuses 254", () => {
    const longest = hostOfLength(MAX_HOST_NAME_CHARS);
    expect(longest).toHaveLength(253);
    expect(parseInstance(longest)).toBe(longest);
    const tooLong = hostOfLength(MAX_HOST_NAME_CHARS + 1);
    expect(tooLong).toHaveLength(254);
    expect(parseInstance(tooLong)).toBeUndefined();
    expect(parseInstance(`${"a".repeat(300)}.social`)).toBeUndefined();
  });

  it("refuses a label over 63 characters", () => {
    expect(parseInstance(`${"a".repeat(63)}.social`)).toBe(`${"a".repeat(63)}.social`);
    expect(parseInstance(`${"a".repeat(64)}.social`)).toBeUndefined();
  });

  it("measures an international name in the ASCII form it travels in", () => {
    // 20 ideographs (under 63 as typed) are 68 characters of punycode: one label too long.
    const label = Array.from({ length: 20 }, (_, i) => String.fromCodePoint(0x4e00 + ((i * 7919) % 20000))).join("");
    expect(parseInstance(`${label}.social`)).toBeUndefined();
    expect(parseInstance(`${label.slice(0, 15)}.social`)).toMatch(/^xn--[a-z0-9-]+\.social$/);
  });
});
