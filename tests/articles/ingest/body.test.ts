import { describe, expect, it } from "vitest";
import { MAX_NESTING_DEPTH, prepareBody } from "../../../src/articles/ingest/body";
import { adminApi, htmlArticleInput, request, tableCounts } from "../../helpers";

const OPTIONS = { baseUrl: "https://news.example/articles/a", publications: ["FISM News"] };

/** `depth` elements, each inside the one before, with a word at the bottom. */
function nested(open: string, close: string, depth: number): string {
  return `${open.repeat(depth)}x${close.repeat(depth)}`;
}

// biome-ignore lint/suspicious/noExplicitAny: answers are read field by field and each field is asserted.
async function json(res: Response): Promise<any> {
  return res.json();
}

describe("body nesting limit", () => {
  it("refuses HTML nested past the limit instead of overflowing the serialiser's stack", () => {
    const out = prepareBody({ html: `${"<b>".repeat(5000)}x` }, OPTIONS);
    expect(out).toEqual({
      ok: false,
      problem: `is nested more than ${MAX_NESTING_DEPTH} elements deep; the limit is ${MAX_NESTING_DEPTH}`,
    });
  });

  it("keeps a body exactly at the limit and refuses one element more", () => {
    const atLimit = prepareBody({ html: nested("<b>", "</b>", MAX_NESTING_DEPTH) }, OPTIONS);
    expect(atLimit.ok).toBe(true);
    expect(prepareBody({ html: nested("<b>", "</b>", MAX_NESTING_DEPTH + 1) }, OPTIONS).ok).toBe(false);
  });

  it("counts the HTML as sent, wrappers the sanitiser would drop included (it is as costly to parse)", () => {
    expect(prepareBody({ html: nested("<div>", "</div>", 5000) }, OPTIONS).ok).toBe(false);
    // Closed or implied-closed elements do not add up: a long flat body is fine.
    expect(prepareBody({ html: "<p>a<br>b</p><li>x<li>y".repeat(20_000) }, OPTIONS).ok).toBe(true);
  });

  it("reads angle brackets in scraped text as text, however many", () => {
    const out = prepareBody({ text: `${"<b>".repeat(5000)}x` }, OPTIONS);
    expect(out.ok && out.html.startsWith("<p>&lt;b&gt;&lt;b&gt;")).toBe(true);
  });
});

describe("admin API: a body nested too deep", () => {
  it("is a 422 naming bodyHtml and the limit, and writes nothing", async () => {
    const before = await tableCounts();
    const res = await adminApi("PUT", "/deep-nesting", htmlArticleInput({ bodyHtml: `${"<b>".repeat(5000)}x` }));
    expect(res.status).toBe(422);
    expect(await json(res)).toEqual({
      error: "invalid article",
      details: [
        { field: "bodyHtml", message: `is nested more than ${MAX_NESTING_DEPTH} elements deep; the limit is ${MAX_NESTING_DEPTH}` },
      ],
    });
    expect(await tableCounts()).toEqual(before);
  });

  it("stores bodyText full of tags as text", async () => {
    const res = await adminApi("PUT", "/deep-text", { ...htmlArticleInput({ bodyHtml: undefined }), bodyText: `${"<b>".repeat(5000)}x` });
    expect(res.status).toBe(201);
  });

  it("serves a body at the limit on every output that renders it: page, feeds, share placeholder inside", async () => {
    const deepest = `${"<blockquote>".repeat(MAX_NESTING_DEPTH - 1)}<p>deep [elfsight_social_share_buttons id="1"] text</p>${"</blockquote>".repeat(MAX_NESTING_DEPTH - 1)}`;
    const put = await adminApi("PUT", "/deepest-legal", htmlArticleInput({ bodyHtml: deepest, section: "Deep" }));
    expect(put.status, await put.clone().text()).toBe(201);
    for (const path of [
      "/articles/deepest-legal",
      "/feed.xml",
      "/atom.xml",
      "/feed.json",
      "/categories/deep/feed.xml",
      "/categories/deep",
    ]) {
      const res = await request(path);
      expect(res.status, path).toBe(200);
      expect(await res.text(), path).toContain("deep");
    }
  });
});
