import { findNetwork } from "../../../share/networks";

/** The windows the desk offers (`?days=`), in the selector's order. */
export const SHARE_WINDOW_DAYS = [7, 30, 90] as const;
export type ShareWindowDays = (typeof SHARE_WINDOW_DAYS)[number];
export const DEFAULT_SHARE_WINDOW: ShareWindowDays = 30;

/** The UTC days a report covers, oldest first; the last one is today. */
export interface ShareWindow {
  days: ShareWindowDays;
  /** "YYYY-MM-DD", as share_counts.day stores it. */
  from: string;
  to: string;
  dates: string[];
}

/** One network's taps in a window, one count per day of the window (missing days are 0). */
export interface NetworkShares {
  id: string;
  /** The registry's name, or the id itself for a network the registry no longer has. */
  label: string;
  perDay: number[];
  total: number;
}

/** A window's share counts, filled out: every day of the window, every network that had a tap in it. */
export interface ShareReport {
  window: ShareWindow;
  /** Most shared first (ties by id), so charts and tables list them in one order. */
  networks: NetworkShares[];
  dayTotals: number[];
  total: number;
}

export interface ShareDayCount {
  day: string;
  network: string;
  shares: number;
}

export interface ArticleShareCount extends ShareDayCount {
  slug: string;
}

export interface TopArticle {
  slug: string;
  title: string;
  status: string;
  shares: number;
}

const DAY_MS = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** `?days=` read strictly: absent means the default, anything but 7, 30 or 90 is refused (undefined). */
export function parseShareWindow(value: string | undefined): ShareWindowDays | undefined {
  if (value === undefined) return DEFAULT_SHARE_WINDOW;
  return SHARE_WINDOW_DAYS.find((days) => String(days) === value);
}

/** The window of `days` UTC days ending on `now`'s UTC day (share_counts counts by UTC day too). */
export function shareWindow(days: ShareWindowDays, now: Date): ShareWindow {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const dates = Array.from({ length: days }, (_, index) => isoDay(today - (days - 1 - index) * DAY_MS));
  return { days, from: dates[0] ?? "", to: dates[dates.length - 1] ?? "", dates };
}

/** A network's display name from the share registry; an id it does not know is shown as itself. */
export function networkLabel(id: string): string {
  return findNetwork(id)?.label ?? id;
}

/** The pure part: D1's sparse (day, network) sums laid out on every day of the window. */
export function fillShareDays(window: ShareWindow, counts: ShareDayCount[]): ShareReport {
  const dayIndex = new Map(window.dates.map((day, index) => [day, index]));
  const byNetwork = new Map<string, number[]>();
  for (const { day, network, shares } of counts) {
    const index = dayIndex.get(day);
    if (index === undefined || shares === 0) continue;
    let perDay = byNetwork.get(network);
    if (!perDay) {
      perDay = window.dates.map(() => 0);
      byNetwork.set(network, perDay);
    }
    perDay[index] = (perDay[index] ?? 0) + shares;
  }
  const networks = [...byNetwork]
    .map(([id, perDay]) => ({ id, label: networkLabel(id), perDay, total: sum(perDay) }))
    .sort((a, b) => b.total - a.total || (a.id < b.id ? -1 : 1));
  const dayTotals = window.dates.map((_, index) => sum(networks.map((network) => network.perDay[index] ?? 0)));
  return { window, networks, dayTotals, total: sum(dayTotals) };
}

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

/*
 * The queries. share_counts' primary key is (article_id, network, day): one article's window
 * is a range of that index per network; the site-wide queries have no index to lead with `day`
 * and scan the table. That is fine for the desk (a row per article, network and day with a
 * tap, read by a few editors); an index on (day) is the fix if the table ever grows large.
 */

/** Taps per day and network in the window, for one article or (no id) the whole site. */
export async function queryShareDays(db: D1Database, window: ShareWindow, articleId?: string): Promise<ShareDayCount[]> {
  const statement =
    articleId === undefined
      ? db
          .prepare(
            `SELECT day, network, sum(count) AS shares FROM share_counts
             WHERE day BETWEEN ? AND ? GROUP BY day, network ORDER BY day, network`,
          )
          .bind(window.from, window.to)
      : db
          .prepare(
            `SELECT day, network, sum(count) AS shares FROM share_counts
             WHERE article_id = ? AND day BETWEEN ? AND ? GROUP BY day, network ORDER BY day, network`,
          )
          .bind(articleId, window.from, window.to);
  const { results } = await statement.all<ShareDayCount>();
  return results;
}

/** The most shared articles in the window (any status: a draft's preview links count too). */
export async function queryTopArticles(db: D1Database, window: ShareWindow, limit: number): Promise<TopArticle[]> {
  const { results } = await db
    .prepare(
      `SELECT a.slug AS slug, a.title AS title, a.status AS status, sum(s.count) AS shares
       FROM share_counts s JOIN articles a ON a.id = s.article_id
       WHERE s.day BETWEEN ? AND ?
       GROUP BY s.article_id HAVING shares > 0 ORDER BY shares DESC, a.slug LIMIT ?`,
    )
    .bind(window.from, window.to, limit)
    .all<TopArticle>();
  return results;
}

/** Every (day, article, network) count in the window with a tap, for the site-wide CSV. */
export async function queryArticleShareCounts(db: D1Database, window: ShareWindow): Promise<ArticleShareCount[]> {
  const { results } = await db
    .prepare(
      `SELECT s.day AS day, a.slug AS slug, s.network AS network, s.count AS shares
       FROM share_counts s JOIN articles a ON a.id = s.article_id
       WHERE s.day BETWEEN ? AND ? AND s.count > 0 ORDER BY s.day, a.slug, s.network`,
    )
    .bind(window.from, window.to)
    .all<ArticleShareCount>();
  return results;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "2026-11-12" → "12 Nov" (the year only where a range needs it: see formatDayRange). */
export function formatDay(day: string, withYear = false): string {
  const [year, month, date] = day.split("-");
  const short = `${Number(date)} ${MONTHS[Number(month) - 1]}`;
  return withYear ? `${short} ${year}` : short;
}

/** "1–30 Nov 2026", "2 Oct – 30 Nov 2026" or "3 Dec 2026 – 1 Jan 2027": a window as a person says it. */
export function formatDayRange(from: string, to: string): string {
  if (from.slice(0, 7) === to.slice(0, 7)) return `${Number(from.slice(8))}–${formatDay(to, true)}`;
  if (from.slice(0, 4) === to.slice(0, 4)) return `${formatDay(from)} – ${formatDay(to, true)}`;
  return `${formatDay(from, true)} – ${formatDay(to, true)}`;
}
