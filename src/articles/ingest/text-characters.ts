/**
 * Characters that no output can carry: C0 controls but tab, LF and CR, the noncharacters
 * U+FFFE and U+FFFF, and lone surrogates. XML 1.0 forbids every one of them (the feeds and
 * sitemaps drop them), an HTML parser turns NUL into U+FFFD or drops it, and UTF-8 cannot
 * encode a lone surrogate (it goes out as U+FFFD). Written over UTF-16 code units, without the
 * `u` flag, so lone surrogates can be matched.
 */
const NON_TEXT_CHARACTER =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching the control characters no output allows is the point.
  /[\0-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Text as every output carries it unchanged: without the characters above, and with CR and
 * CRLF as LF, which is what XML and HTML parsers make of them anyway. Kept in the store, they
 * made one title read differently in the JSON API, the feeds and the page.
 */
export function portableText(value: string): string {
  return value.replace(NON_TEXT_CHARACTER, "").replace(/\r\n?/g, "\n");
}
