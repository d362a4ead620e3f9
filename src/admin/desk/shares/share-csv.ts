import type { ArticleShareCount, ShareReport, ShareWindow } from "./share-report";

/**
 * The shares pages' CSV downloads (RFC 4180: CRLF line ends, a field with a comma, quote or
 * line break in double quotes, its quotes doubled). A text field a spreadsheet would run as a
 * formula (starting with = + - @, or a tab or carriage return, OWASP's list) gets a leading
 * apostrophe first: slugs and network ids never start so, but the escaper does not rely on it.
 * No byte-order mark: the bytes are plain UTF-8, as the Content-Type says.
 */

export const CSV_CONTENT_TYPE = "text/csv; charset=utf-8";

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** One field, escaped; numbers are written as they are. */
export function csvField(value: string | number): string {
  if (typeof value === "number") return String(value);
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** Records to CSV text, every record (the last too) ended by CRLF. */
export function csvText(records: (string | number)[][]): string {
  return records.map((record) => `${record.map(csvField).join(",")}\r\n`).join("");
}

/**
 * One article's window, as its page's table has it: a row for every day and every network with
 * a tap in the window (0 on days without one), oldest day first, networks most shared first.
 */
export function articleSharesCsv(report: ShareReport): string {
  const rows = report.window.dates.flatMap((day, index) => report.networks.map((network) => [day, network.id, network.perDay[index] ?? 0]));
  return csvText([["day", "network", "shares"], ...rows]);
}

/**
 * The whole site's window, one row per day, article (slug) and network that had a tap, in
 * that order: a full grid of every article, network and day would be mostly zeros.
 */
export function siteSharesCsv(counts: ArticleShareCount[]): string {
  return csvText([["day", "article", "network", "shares"], ...counts.map((row) => [row.day, row.slug, row.network, row.shares])]);
}

/**
 * `attachment; filename="…"`: the site's or one article's name with the window's days. A slug
 * that is not plain ASCII is left out of the quoted name (which must be ASCII) and given in
 * `filename*` (RFC 6266 / RFC 8187) instead.
 */
export function csvDisposition(window: ShareWindow, slug?: string): string {
  const days = `${window.from}-to-${window.to}`;
  if (slug === undefined) return `attachment; filename="shares-${days}.csv"`;
  if (/^[A-Za-z0-9._-]+$/.test(slug)) return `attachment; filename="shares-${slug}-${days}.csv"`;
  return `attachment; filename="shares-article-${days}.csv"; filename*=UTF-8''${encodeRfc8187(`shares-${slug}-${days}.csv`)}`;
}

/** RFC 8187's value-chars: encodeURIComponent leaves a few characters it does not allow. */
const encodeRfc8187 = (value: string) =>
  encodeURIComponent(value).replace(/['()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
