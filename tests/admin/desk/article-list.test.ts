import { env } from "cloudflare:workers";
import { parse } from "parse5";
import { beforeAll, describe, expect, it } from "vitest";
import { adminApi, htmlArticleInput, seedArticleInput } from "../../helpers";
import { DeskClient } from "./desk-client";

type Node = { nodeName: string; attrs?: { name: string; value: string }[]; childNodes?: Node[]; value?: string };

function all(node: Node, name: string): Node[] {
  return [...(node.nodeName === name ? [node] : []), ...(node.childNodes ?? []).flatMap((child) => all(child, name))];
}
const text = (node: Node): string => (node.nodeName === "#text" ? (node.value ?? "") : (node.childNodes ?? []).map(text).join(""));

/** The list's rows as a reader sees them: headline, status, section, shares. */
async function rows(desk: DeskClient, query = ""): Promise<string[][]> {
  const page = await desk.get(`/desk/${query}`);
  expect(page.status).toBe(200);
  const body = all(parse(await page.text()) as unknown as Node, "tbody")[0];
  if (!body) return [];
  return all(body, "tr").map((row) => all(row, "td").map((cell) => text(cell).trim()));
}

let desk: DeskClient;
let seedId: string;

beforeAll(async () => {
  await env.DB.prepare("DELETE FROM articles").run();
  const seed = await adminApi("PUT", "/drone-attack", seedArticleInput());
  expect(seed.status).toBe(201);
  seedId = ((await seed.json()) as { article: { id: string } }).article.id;
  await adminApi(
    "PUT",
    "/budget-draft",
    htmlArticleInput({ title: "Budget: 100% of the _plan_", status: "draft", section: "Politics", publishedAt: "2024-06-01T09:30:00Z" }),
  );
  await adminApi("PUT", "/old-story", htmlArticleInput({ title: "An old story", section: "Politics" }));
  await adminApi("DELETE", "/old-story");
  await env.DB.batch([
    env.DB.prepare("INSERT INTO share_counts (article_id, network, day, count) VALUES (?, 'x', '2026-11-30', 4)").bind(seedId),
    env.DB.prepare("INSERT INTO share_counts (article_id, network, day, count) VALUES (?, 'whatsapp', '2026-12-01', 3)").bind(seedId),
  ]);
  desk = await new DeskClient().signIn();
});

describe("the desk's article list", () => {
  it("lists every article, drafts and deleted ones included, with status, section and share total", async () => {
    const list = await rows(desk);
    expect(list.map((row) => [row[0], row[1], row[3], row[4]])).toEqual([
      ["Budget: 100% of the _plan_", "draft", "Politics", "0"],
      ["An old story", "deleted", "Politics", "0"],
      ["Iraqi prime minister survives drone attack on his Baghdad residence", "published", "World", "7"],
    ]);
    expect(list[2]?.[2]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$/);
  });

  it("filters by status and by section", async () => {
    expect((await rows(desk, "?status=draft")).map((row) => row[0])).toEqual(["Budget: 100% of the _plan_"]);
    expect((await rows(desk, "?status=published")).map((row) => row[0])).toEqual([
      "Iraqi prime minister survives drone attack on his Baghdad residence",
    ]);
    expect((await rows(desk, "?section=politics")).map((row) => row[0])).toEqual(["Budget: 100% of the _plan_", "An old story"]);
    expect((await rows(desk, "?section=politics&status=deleted")).map((row) => row[0])).toEqual(["An old story"]);
  });

  it("searches headlines, case-insensitively, with % and _ taken literally", async () => {
    expect((await rows(desk, "?q=DRONE")).map((row) => row[0])).toEqual([
      "Iraqi prime minister survives drone attack on his Baghdad residence",
    ]);
    expect((await rows(desk, "?q=100%25")).map((row) => row[0])).toEqual(["Budget: 100% of the _plan_"]);
    expect(await rows(desk, "?q=_p_")).toEqual([]);
    expect(await rows(desk, "?q=%25%25")).toEqual([]);
  });

  it("offers the sections articles have in its filter, and keeps the chosen filters in the form", async () => {
    const html = await (await desk.get("/desk/?status=draft&section=politics&q=budget")).text();
    const options = all(parse(html) as unknown as Node, "option").map((option) => [
      option.attrs?.find((a) => a.name === "value")?.value,
      option.attrs?.some((a) => a.name === "selected") ?? false,
    ]);
    expect(options).toEqual([
      ["any", false],
      ["published", false],
      ["draft", true],
      ["deleted", false],
      ["", false],
      ["politics", true],
      ["world", false],
    ]);
    expect(html).toContain('value="budget"');
  });

  it("falls back to every article for an unknown status or page, rather than failing", async () => {
    expect(await rows(desk, "?status=bogus&page=-3")).toHaveLength(3);
    expect(await (await desk.get("/desk/?q=nothing-like-this")).text()).toContain("No article matches these filters.");
  });
});

describe("ingest warnings", () => {
  it("are kept with the article for the desk's lint", async () => {
    const warnings = await env.DB.prepare("SELECT ingest_warnings FROM articles WHERE id = ?")
      .bind(seedId)
      .first<{ ingest_warnings: string }>();
    const list = JSON.parse(warnings?.ingest_warnings ?? "[]") as string[];
    expect(list.some((warning) => warning.startsWith("removed comment-form residue"))).toBe(true);
    expect(list.some((warning) => warning.startsWith("read the first line as the byline"))).toBe(true);
  });
});
