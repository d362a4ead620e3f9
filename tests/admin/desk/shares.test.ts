import { env } from "cloudflare:workers";
import { colord, extend } from "colord";
import a11yPlugin from "colord/plugins/a11y";
import type { DefaultTreeAdapterMap } from "parse5";
import { parse as parseHtml } from "parse5";
import { beforeAll, describe, expect, it } from "vitest";
import { DailySharesChart, NetworkTotalsChart } from "../../../src/admin/desk/shares/share-charts";
import { articleSharesCsv, csvDisposition, csvField, siteSharesCsv } from "../../../src/admin/desk/shares/share-csv";
import {
  fillShareDays,
  formatDayRange,
  parseShareWindow,
  type ShareDayCount,
  type ShareWindowDays,
  shareWindow,
} from "../../../src/admin/desk/shares/share-report";
import { SERIES_COLOURS } from "../../../src/admin/desk/shares/shares-styles";
import { adminApi, htmlArticleInput } from "../../helpers";
import { DeskClient } from "./desk-client";

extend([a11yPlugin]);

type Element = DefaultTreeAdapterMap["element"];
type Node = DefaultTreeAdapterMap["node"];

// ---- reading a page as its reader would ----------------------------------------------------

const childrenOf = (node: Node): Node[] => ("childNodes" in node ? (node.childNodes as Node[]) : []);
const isElement = (node: Node): node is Element => "tagName" in node;

function elements(root: Node, match: (element: Element) => boolean): Element[] {
  const found: Element[] = [];
  const visit = (node: Node) => {
    if (isElement(node) && match(node)) found.push(node);
    for (const child of childrenOf(node.nodeName === "template" ? ((node as Element & { content: Node }).content ?? node) : node))
      visit(child);
  };
  visit(root);
  return found;
}

const attr = (element: Element, name: string) => element.attrs.find((a) => a.name === name)?.value;
const hasClass = (element: Element, name: string) => (attr(element, "class") ?? "").split(/\s+/).includes(name);

function text(node: Node): string {
  if (node.nodeName === "#text") return (node as DefaultTreeAdapterMap["textNode"]).value;
  return childrenOf(node).map(text).join("");
}
const clean = (value: string) => value.replace(/\s+/g, " ").trim();

const page = (html: string) => parseHtml(html) as unknown as Node;

/** A table's rows as the texts of their cells (th and td), found by the start of its caption. */
function tableRows(root: Node, captionStart: string): string[][] {
  const table = elements(root, (e) => e.tagName === "table").find((t) =>
    elements(t, (e) => e.tagName === "caption").some((c) => clean(text(c)).startsWith(captionStart)),
  );
  if (!table) throw new Error(`no table captioned "${captionStart}…"`);
  return elements(table, (e) => e.tagName === "tr").map((row) =>
    elements(row, (e) => e.tagName === "th" || e.tagName === "td").map((cell) => clean(text(cell))),
  );
}

/** The table as { "day label": { column: value } }, plus its header row. */
function tableGrid(rows: string[][]): Record<string, Record<string, string>> {
  const [header = [], ...body] = rows;
  return Object.fromEntries(
    body.map((cells) => [cells[0], Object.fromEntries(header.slice(1).map((name, i) => [name, cells[i + 1] ?? ""]))]),
  );
}

/** An SVG's points from a d3 line path ("M x,y L x,y …"). */
function pathPoints(d: string): { x: number; y: number }[] {
  expect(d).toMatch(/^M[\d.,L-]+$/);
  return d
    .slice(1)
    .split("L")
    .map((pair) => {
      const [x = Number.NaN, y = Number.NaN] = pair.split(",").map(Number);
      return { x, y };
    });
}

const translateOf = (element: Element) => {
  const match = /translate\(([-\d.]+),([-\d.]+)\)/.exec(attr(element, "transform") ?? "");
  return { x: Number(match?.[1]), y: Number(match?.[2]) };
};

/** The y axis as a reader uses it: a count's height from the two outermost tick labels. */
function yOfCount(svg: Element): (count: number) => number {
  const ticks = elements(svg, (e) => e.tagName === "g" && hasClass(e, "y-axis"))
    .flatMap((axis) => elements(axis, (e) => e.tagName === "g" && e !== axis))
    .map((tick) => ({ value: Number(clean(text(tick))), y: translateOf(tick).y }));
  const first = ticks[0];
  const last = ticks[ticks.length - 1];
  if (!first || !last || first === last) throw new Error("the y axis has fewer than two ticks");
  return (count) => first.y + ((count - first.value) * (last.y - first.y)) / (last.value - first.value);
}

const tickLabels = (svg: Element, axis: string) =>
  elements(svg, (e) => e.tagName === "g" && hasClass(e, axis)).flatMap((g) =>
    elements(g, (e) => e.tagName === "text").map((t) => clean(text(t))),
  );

const render = async (node: unknown) => String(await (node as { toString(): string | Promise<string> }).toString());

// ---- the pure report, charts and CSV, with a fixed clock --------------------------------------

const NOW = new Date("2026-11-30T15:00:00Z");

describe("the window", () => {
  it("ends today (UTC) and counts back 7, 30 or 90 days", () => {
    const seven = shareWindow(7, NOW);
    expect(seven.dates).toEqual(["2026-11-24", "2026-11-25", "2026-11-26", "2026-11-27", "2026-11-28", "2026-11-29", "2026-11-30"]);
    expect([shareWindow(30, NOW).from, shareWindow(30, NOW).to, shareWindow(30, NOW).dates.length]).toEqual([
      "2026-11-01",
      "2026-11-30",
      30,
    ]);
    expect([shareWindow(90, NOW).from, shareWindow(90, NOW).dates.length]).toEqual(["2026-09-02", 90]);
    // Just before midnight UTC is still that day, wherever the desk's user is.
    expect(shareWindow(7, new Date("2027-01-02T23:59:59.999Z")).dates.slice(0, 2)).toEqual(["2026-12-27", "2026-12-28"]);
  });

  it("reads ?days= strictly: 7, 30 or 90, absent is 30", () => {
    expect([parseShareWindow(undefined), parseShareWindow("7"), parseShareWindow("30"), parseShareWindow("90")]).toEqual([30, 7, 30, 90]);
    for (const wrong of ["", "14", "030", "30.0", "7 ", "-7", "all"]) expect(parseShareWindow(wrong), wrong).toBeUndefined();
  });

  it("says its range as a person would", () => {
    expect(formatDayRange("2026-11-01", "2026-11-30")).toBe("1–30 Nov 2026");
    expect(formatDayRange("2026-09-02", "2026-11-30")).toBe("2 Sep – 30 Nov 2026");
    expect(formatDayRange("2026-12-27", "2027-01-02")).toBe("27 Dec 2026 – 2 Jan 2027");
  });
});

const SEVEN = shareWindow(7, NOW);
const COUNTS: ShareDayCount[] = [
  { day: "2026-11-24", network: "facebook", shares: 2 },
  { day: "2026-11-27", network: "facebook", shares: 10 },
  { day: "2026-11-30", network: "facebook", shares: 1 },
  { day: "2026-11-27", network: "x", shares: 3 },
  { day: "2026-11-28", network: "x", shares: 4 },
  { day: "2026-11-25", network: "myspace", shares: 1 },
  // Outside the window: a report never shows it.
  { day: "2026-11-23", network: "facebook", shares: 50 },
];

describe("fillShareDays", () => {
  it("lays the sums on every day of the window, missing days 0, networks most shared first", () => {
    const report = fillShareDays(SEVEN, COUNTS);
    expect(report.networks.map((n) => [n.id, n.label, n.total])).toEqual([
      ["facebook", "Facebook", 13],
      ["x", "X", 7],
      ["myspace", "myspace", 1],
    ]);
    expect(report.networks[0]?.perDay).toEqual([2, 0, 0, 10, 0, 0, 1]);
    expect(report.dayTotals).toEqual([2, 1, 0, 13, 4, 0, 1]);
    expect(report.total).toBe(21);
  });
});

describe("the per-day chart", () => {
  const report = fillShareDays(SEVEN, COUNTS);

  it("has a line per network whose highest point is the busiest day, at its count on the y axis", async () => {
    const svg = elements(page(await render(DailySharesChart({ id: "t", report }))), (e) => e.tagName === "svg")[0] as Element;
    expect(attr(svg, "role")).toBe("img");
    expect(attr(svg, "aria-labelledby")).toBe("t-title t-desc");
    const series = elements(svg, (e) => e.tagName === "g" && attr(e, "data-series") !== undefined);
    expect(series.map((g) => attr(g, "data-series"))).toEqual(["Facebook", "X", "myspace"]);
    const y = yOfCount(svg);
    const facebook = pathPoints(attr(elements(series[0] as Element, (e) => hasClass(e, "line"))[0] as Element, "d") ?? "");
    expect(facebook).toHaveLength(7);
    const top = Math.min(...facebook.map((p) => p.y));
    expect(top).toBeCloseTo(y(10), 1);
    expect(facebook.findIndex((p) => p.y === top)).toBe(3); // 27 Nov
    const days = facebook.map((p) => p.x);
    expect(days).toEqual([...days].sort((a, b) => a - b));
    const x = pathPoints(attr(elements(series[1] as Element, (e) => hasClass(e, "line"))[0] as Element, "d") ?? "");
    expect(Math.min(...x.map((p) => p.y))).toBeCloseTo(y(4), 1);
    expect(x[0]?.y).toBeCloseTo(y(0), 1);
  });

  it("labels its axes with text, counts as whole numbers", async () => {
    const svg = page(await render(DailySharesChart({ id: "t", report })));
    expect(tickLabels(svg as Element, "x-axis")).toEqual(["24 Nov", "25 Nov", "26 Nov", "27 Nov", "28 Nov", "29 Nov", "30 Nov"]);
    expect(tickLabels(svg as Element, "y-axis")).toEqual(["0", "2", "4", "6", "8", "10"]);
  });

  it("tells the series apart by dash, marker and a legend label, not colour alone", async () => {
    const svg = page(await render(DailySharesChart({ id: "t", report })));
    const plot = elements(svg, (e) => e.tagName === "g" && attr(e, "data-series") !== undefined);
    const dashes = plot.map((g) => attr(elements(g, (e) => hasClass(e, "line"))[0] as Element, "stroke-dasharray") ?? "solid");
    const markers = plot.map((g) => attr(elements(g, (e) => hasClass(e, "marker"))[0] as Element, "d"));
    expect(new Set(dashes).size).toBe(3);
    expect(new Set(markers).size).toBe(3);
    const legend = elements(svg, (e) => e.tagName === "g" && hasClass(e, "legend"))[0] as Element;
    expect(elements(legend, (e) => e.tagName === "text").map((t) => clean(text(t)))).toEqual(["Facebook (13)", "X (7)", "myspace (1)"]);
    expect(elements(legend, (e) => hasClass(e, "line")).map((l) => attr(l, "stroke-dasharray") ?? "solid")).toEqual(dashes);
    expect(elements(svg, (e) => attr(e, "style") !== undefined)).toEqual([]);
  });

  it("sums it up in its title and desc", async () => {
    const svg = page(await render(DailySharesChart({ id: "t", report })));
    expect(clean(text(elements(svg, (e) => e.tagName === "title")[0] as Element))).toBe("Shares per day, 24–30 Nov 2026");
    expect(clean(text(elements(svg, (e) => e.tagName === "desc")[0] as Element))).toBe(
      "Shares per day, 24–30 Nov 2026: 21 total, most on 27 Nov (13). By network: Facebook 13, X 7, myspace 1.",
    );
  });

  it("over 90 days labels the months and marks one day a week, the last day included", async () => {
    const ninety = shareWindow(90, NOW);
    const svg = page(
      await render(DailySharesChart({ id: "t", report: fillShareDays(ninety, [{ day: "2026-11-30", network: "x", shares: 3 }]) })),
    );
    expect(tickLabels(svg as Element, "x-axis")).toEqual(["1 Oct", "1 Nov"]);
    const plot = elements(svg, (e) => e.tagName === "g" && attr(e, "data-series") !== undefined)[0] as Element;
    const markers = elements(plot, (e) => hasClass(e, "marker")).map((m) => translateOf(m));
    expect(markers).toHaveLength(13);
    const line = pathPoints(attr(elements(plot, (e) => hasClass(e, "line"))[0] as Element, "d") ?? "");
    expect(markers[markers.length - 1]?.x).toBeCloseTo(line[89]?.x ?? Number.NaN, 1);
    expect(markers[markers.length - 1]?.y).toBeCloseTo(yOfCount(svg as Element)(3), 1);
  });

  it("keeps six lines at most, the rest summed into one", async () => {
    const many = ["a", "b", "c", "d", "e", "f", "g", "h"].map((network, i) => ({ day: "2026-11-30", network, shares: 10 - i }));
    const svg = page(await render(DailySharesChart({ id: "t", report: fillShareDays(SEVEN, many) })));
    const plot = elements(svg, (e) => e.tagName === "g" && attr(e, "data-series") !== undefined);
    expect(plot.map((g) => attr(g, "data-series"))).toEqual(["a", "b", "c", "d", "e", "3 other networks"]);
    const other = pathPoints(attr(elements(plot[5] as Element, (e) => hasClass(e, "line"))[0] as Element, "d") ?? "");
    expect(other[6]?.y).toBeCloseTo(yOfCount(svg as Element)(5 + 4 + 3), 1);
  });
});

describe("the per-network chart", () => {
  it("has a bar per network, as long as its total on the x axis, with its number", async () => {
    const svg = page(await render(NetworkTotalsChart({ id: "n", report: fillShareDays(SEVEN, COUNTS) })));
    const rows = elements(svg, (e) => e.tagName === "g" && hasClass(e, "bar-row"));
    expect(rows.map((row) => elements(row, (e) => e.tagName === "text").map((t) => clean(text(t))))).toEqual([
      ["Facebook", "13"],
      ["X", "7"],
      ["myspace", "1"],
    ]);
    const ticks = elements(svg, (e) => e.tagName === "g" && hasClass(e, "x-axis")).flatMap((axis) =>
      elements(axis, (e) => e.tagName === "g" && e !== axis).map((g) => ({ value: Number(clean(text(g))), x: translateOf(g).x })),
    );
    expect(ticks.map((t) => t.value)).toEqual([0, 2, 4, 6, 8, 10, 12, 14]);
    const perShare = ((ticks[ticks.length - 1]?.x ?? 0) - (ticks[0]?.x ?? 0)) / 14;
    const widths = rows.map((row) => Number(attr(elements(row, (e) => e.tagName === "rect")[0] as Element, "width")));
    expect(widths[0]).toBeCloseTo(13 * perShare, 1);
    expect(widths[2]).toBeCloseTo(1 * perShare, 1);
    expect(clean(text(elements(svg, (e) => e.tagName === "desc")[0] as Element))).toBe(
      "Shares per network, 24–30 Nov 2026: Facebook 13, X 7, myspace 1 (21 total).",
    );
  });
});

describe("the series colours", () => {
  it("have 4.5:1 contrast with the desk's background in light and dark mode", () => {
    for (const colour of SERIES_COLOURS.light) expect(colord(colour).contrast("#fdfdfb"), colour).toBeGreaterThanOrEqual(4.5);
    for (const colour of SERIES_COLOURS.dark) expect(colord(colour).contrast("#141416"), colour).toBeGreaterThanOrEqual(4.5);
  });
});

describe("the CSV", () => {
  it("quotes per RFC 4180 and defuses formulas", () => {
    expect(csvField("shares-alpha")).toBe("shares-alpha");
    expect(csvField(12)).toBe("12");
    expect(csvField('a,"b"')).toBe('"a,""b"""');
    expect(csvField("two\r\nlines")).toBe('"two\r\nlines"');
    expect(csvField("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
    expect(csvField("+1")).toBe("'+1");
    expect(csvField("-1")).toBe("'-1");
    expect(csvField("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvField("=1,2")).toBe(`"'=1,2"`);
  });

  it("gives one article's window day by network, zeros included", () => {
    const report = fillShareDays(shareWindow(7, NOW), COUNTS.slice(0, 3));
    expect(articleSharesCsv(report)).toBe(
      "day,network,shares\r\n2026-11-24,facebook,2\r\n2026-11-25,facebook,0\r\n2026-11-26,facebook,0\r\n2026-11-27,facebook,10\r\n" +
        "2026-11-28,facebook,0\r\n2026-11-29,facebook,0\r\n2026-11-30,facebook,1\r\n",
    );
  });

  it("gives the site's window by day, article and network, and names the file", () => {
    expect(siteSharesCsv([{ day: "2026-11-30", slug: "a", network: "x", shares: 3 }])).toBe(
      "day,article,network,shares\r\n2026-11-30,a,x,3\r\n",
    );
    expect(csvDisposition(SEVEN)).toBe('attachment; filename="shares-2026-11-24-to-2026-11-30.csv"');
    expect(csvDisposition(SEVEN, "my-story")).toBe('attachment; filename="shares-my-story-2026-11-24-to-2026-11-30.csv"');
    expect(csvDisposition(SEVEN, "חדשות")).toBe(
      `attachment; filename="shares-article-2026-11-24-to-2026-11-30.csv"; filename*=UTF-8''shares-%D7%97%D7%93%D7%A9%D7%95%D7%AA-2026-11-24-to-2026-11-30.csv`,
    );
  });
});

// ---- the routes, through the Worker, with counts seeded around today's real UTC date ----------

const DAY_MS = 86_400_000;
const today = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate());
/** The UTC day `ago` days before today. */
const day = (ago: number) => new Date(today - ago * DAY_MS).toISOString().slice(0, 10);
const dayLabel = (ago: number) => {
  const [year, month, date] = day(ago).split("-");
  return `${Number(date)} ${["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][Number(month) - 1]} ${year}`;
};

/** [article, network, days ago, count] */
const SEEDS: [string, string, number, number][] = [
  ["shares-alpha", "facebook", 0, 4],
  ["shares-alpha", "facebook", 3, 6],
  ["shares-alpha", "x", 3, 2],
  ["shares-alpha", "x", 6, 1],
  ["shares-alpha", "bluesky", 7, 5],
  ["shares-alpha", "facebook", 29, 3],
  ["shares-alpha", "facebook", 30, 8],
  ["shares-alpha", "x", 89, 2],
  ["shares-alpha", "x", 90, 9],
  ["shares-draft", "facebook", 0, 1],
  ["shares-draft", "myspace", 1, 2],
  ["shares-draft", "bluesky", 20, 1],
];

/** What a window should show, summed from the seeds: network → days ago → count. */
function expectedSums(days: ShareWindowDays, slug?: string): Map<string, Map<number, number>> {
  const sums = new Map<string, Map<number, number>>();
  for (const [article, network, ago, count] of SEEDS) {
    if (ago >= days || (slug && article !== slug)) continue;
    const perDay = sums.get(network) ?? new Map<number, number>();
    perDay.set(ago, (perDay.get(ago) ?? 0) + count);
    sums.set(network, perDay);
  }
  return sums;
}

const LABELS: Record<string, string> = { facebook: "Facebook", x: "X", bluesky: "Bluesky", myspace: "myspace" };

/** The page's day × network table against the seeds: every cell, every total. */
function expectTableMatches(html: string, days: ShareWindowDays, caption: string, slug?: string) {
  const rows = tableRows(page(html), caption);
  const grid = tableGrid(rows);
  const sums = expectedSums(days, slug);
  const networks = [...sums.keys()].map((id) => LABELS[id]);
  expect(new Set(rows[0]?.slice(1, -1))).toEqual(new Set(networks));
  expect(rows).toHaveLength(days + 2);
  let total = 0;
  for (let ago = 0; ago < days; ago++) {
    let dayTotal = 0;
    for (const [id, perDay] of sums) {
      const count = perDay.get(ago) ?? 0;
      expect(grid[dayLabel(ago)]?.[LABELS[id] ?? id], `${id} ${day(ago)}`).toBe(String(count));
      dayTotal += count;
    }
    expect(grid[dayLabel(ago)]?.Total, `total ${day(ago)}`).toBe(String(dayTotal));
    total += dayTotal;
  }
  for (const [id, perDay] of sums)
    expect(grid.Total?.[LABELS[id] ?? id], `total ${id}`).toBe(String([...perDay.values()].reduce((a, b) => a + b, 0)));
  expect(grid.Total?.Total).toBe(String(total));
  return total;
}

describe("the shares pages", () => {
  let desk: DeskClient;

  beforeAll(async () => {
    const ids: Record<string, string> = {};
    for (const [slug, input] of [
      ["shares-alpha", htmlArticleInput({ title: "Alpha story" })],
      ["shares-draft", htmlArticleInput({ title: "=Draft story", status: "draft" })],
      ["shares-quiet", htmlArticleInput({ title: "Quiet story" })],
    ] as const) {
      const res = await adminApi("PUT", `/${slug}`, input);
      expect(res.status).toBeLessThan(300);
      ids[slug] = (await res.json<{ article: { id: string } }>()).article.id;
    }
    await env.DB.batch(
      SEEDS.map(([slug, network, ago, count]) =>
        env.DB.prepare("INSERT INTO share_counts (article_id, network, day, count) VALUES (?, ?, ?, ?)").bind(
          ids[slug],
          network,
          day(ago),
          count,
        ),
      ),
    );
    desk = await new DeskClient().signIn();
  });

  it("shows the site's last 30 days by default: the table's cells are the seeded sums", async () => {
    const res = await desk.get("/desk/shares");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(expectTableMatches(html, 30, "Shares per day and network, all articles")).toBe(25);
    const root = page(html);
    const svgs = elements(root, (e) => e.tagName === "svg");
    expect(svgs.map((svg) => attr(svg, "role"))).toEqual(["img", "img"]);
    const series = elements(svgs[0] as Element, (e) => e.tagName === "g" && attr(e, "data-series") !== undefined);
    expect(series.map((g) => attr(g, "data-series"))).toEqual(["Facebook", "Bluesky", "X", "myspace"]);
    expect(clean(text(elements(svgs[0] as Element, (e) => e.tagName === "desc")[0] as Element))).toBe(
      `Shares per day, ${formatDayRange(day(29), day(0))}: 25 total, most on ${dayLabel(3).slice(0, -5)} (8). By network: Facebook 14, Bluesky 6, X 3, myspace 2.`,
    );
    const selected = elements(root, (e) => e.tagName === "option" && attr(e, "selected") !== undefined);
    expect(selected.map((o) => attr(o, "value"))).toEqual(["30"]);
    expect(html).not.toMatch(/\sstyle=/);
    expect(elements(root, (e) => /^h[1-6]$/.test(e.tagName)).map((h) => `${h.tagName} ${clean(text(h))}`)).toEqual([
      "h1 Shares",
      "h2 Per day",
      "h2 Per network",
      "h2 Most shared articles",
      "h2 The numbers",
    ]);
    const csvLink = elements(root, (e) => e.tagName === "a" && attr(e, "download") !== undefined);
    expect(csvLink.map((a) => attr(a, "href"))).toEqual(["/desk/shares.csv"]);
  });

  it("lists the most shared articles, drafts too, each linking to its desk page", async () => {
    const rows = tableRows(page(await (await desk.get("/desk/shares")).text()), "Most shared articles");
    expect(rows).toEqual([
      ["Headline", "Status", "Shares"],
      ["Alpha story", "published", "21"],
      ["=Draft story", "draft", "4"],
    ]);
    const links = elements(page(await (await desk.get("/desk/shares?days=90")).text()), (e) => e.tagName === "a")
      .map((a) => attr(a, "href"))
      .filter((href) => href?.startsWith("/desk/articles/"));
    expect(links).toEqual([
      "/desk/articles/shares-alpha",
      "/desk/articles/shares-alpha/shares",
      "/desk/articles/shares-draft",
      "/desk/articles/shares-draft/shares",
    ]);
  });

  it("takes in exactly the days of the 7- and 90-day windows", async () => {
    const seven = await (await desk.get("/desk/shares?days=7")).text();
    expect(expectTableMatches(seven, 7, "Shares per day and network, all articles")).toBe(16);
    expect(seven).not.toContain(`<time datetime="${day(7)}"`);
    const ninety = await (await desk.get("/desk/shares?days=90")).text();
    expect(expectTableMatches(ninety, 90, "Shares per day and network, all articles")).toBe(35);
    expect(ninety).toContain(`<time datetime="${day(89)}"`);
    expect(ninety).not.toContain(`<time datetime="${day(90)}"`);
  });

  it("refuses a window it does not offer, saying which it does", async () => {
    for (const path of [
      "/desk/shares?days=14",
      "/desk/shares.csv?days=all",
      "/desk/articles/shares-alpha/shares?days=",
      "/desk/articles/shares-alpha/shares.csv?days=365",
    ]) {
      const res = await desk.get(path);
      expect(res.status, path).toBe(400);
      const html = await res.text();
      expect(html, path).toContain("<h1>No such window</h1>");
      expect(html, path).toContain("Shares are shown for the last 7, 30, 90 days");
    }
  });

  it("shows one article, a draft too, its own counts only", async () => {
    const res = await desk.get("/desk/articles/shares-draft/shares?days=30");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("<h1>Shares: =Draft story</h1>");
    expect(expectTableMatches(html, 30, "Shares per day and network", "shares-draft")).toBe(4);
    const alpha = await (await desk.get("/desk/articles/shares-alpha/shares?days=7")).text();
    expect(expectTableMatches(alpha, 7, "Shares per day and network", "shares-alpha")).toBe(13);
    const quiet = await (await desk.get("/desk/articles/shares-quiet/shares")).text();
    expect(quiet).toContain("No shares were counted in these 30 days.");
    expect(quiet).not.toContain("<svg");
  });

  it("answers an unknown article with the desk's 404 page", async () => {
    for (const path of ["/desk/articles/no-such-story/shares", "/desk/articles/no-such-story/shares.csv"]) {
      const res = await desk.get(path);
      expect(res.status, path).toBe(404);
      expect(await res.text(), path).toContain("<h1>No such article</h1>");
    }
  });

  it("gives the article's CSV byte for byte", async () => {
    const res = await desk.get("/desk/articles/shares-alpha/shares.csv?days=7");
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("Content-Disposition")).toBe(`attachment; filename="shares-shares-alpha-${day(6)}-to-${day(0)}.csv"`);
    const expected = [6, 5, 4, 3, 2, 1, 0]
      .map((ago) => `${day(ago)},facebook,${{ 0: 4, 3: 6 }[ago] ?? 0}\r\n${day(ago)},x,${{ 3: 2, 6: 1 }[ago] ?? 0}\r\n`)
      .join("");
    expect(await res.text()).toBe(`day,network,shares\r\n${expected}`);
  });

  it("gives the site's CSV byte for byte, one row per day, article and network", async () => {
    const res = await desk.get("/desk/shares.csv?days=7");
    expect(res.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("Content-Disposition")).toBe(`attachment; filename="shares-${day(6)}-to-${day(0)}.csv"`);
    expect(await res.text()).toBe(
      "day,article,network,shares\r\n" +
        `${day(6)},shares-alpha,x,1\r\n` +
        `${day(3)},shares-alpha,facebook,6\r\n${day(3)},shares-alpha,x,2\r\n` +
        `${day(1)},shares-draft,myspace,2\r\n` +
        `${day(0)},shares-alpha,facebook,4\r\n${day(0)},shares-draft,facebook,1\r\n`,
    );
  });

  it("sends a signed-out browser to sign in", async () => {
    for (const path of ["/desk/shares", "/desk/shares.csv", "/desk/articles/shares-alpha/shares"]) {
      const res = await new DeskClient().get(path);
      expect(res.status, path).toBe(303);
      expect(res.headers.get("Location"), path).toBe("/desk/sign-in");
    }
  });
});
