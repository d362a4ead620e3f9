import { describe, expect, it } from "vitest";
import { prepareBody } from "../../../src/articles/ingest/body";
import { expandSharePlaceholders, MAX_SHARE_PLACEHOLDERS, SHARE_PLACEHOLDER } from "../../../src/articles/ingest/share-placeholder";
import { adminApi, htmlArticleInput, request } from "../../helpers";

const BASE = "https://news.example/articles/a";
const OPTIONS = { baseUrl: BASE, publications: ["FISM News"] };
const prepared = (input: Parameters<typeof prepareBody>[0]) => {
  const out = prepareBody(input, OPTIONS);
  if (!out.ok) throw new Error(out.problem);
  return out;
};
const html = (input: string) => prepared({ html: input });

describe("Elfsight shortcode → share placeholder", () => {
  const variants: [string, string][] = [
    ["straight quotes", `[elfsight_social_share_buttons id="1"]`],
    ["typographic quote and double prime (the seed)", `[elfsight_social_share_buttons id=”1″]`],
    ["curly double quotes", `[elfsight_social_share_buttons id=“1”]`],
    ["single curly quotes", `[elfsight_social_share_buttons id=‘1’]`],
    ["primes", `[elfsight_social_share_buttons id=′1′]`],
    ["numeric entities", `[elfsight_social_share_buttons id=&#8221;1&#8243;]`],
    ["left/right entities", `[elfsight_social_share_buttons id=&#8220;1&#8221;]`],
    ["named entity &quot;", `[elfsight_social_share_buttons id=&quot;1&quot;]`],
    ["double-encoded entity", `[elfsight_social_share_buttons id=&amp;#8221;1&amp;#8243;]`],
    ["no quotes", `[elfsight_social_share_buttons id=1]`],
    ["no attributes", `[elfsight_social_share_buttons]`],
    ["extra attributes", `[elfsight_social_share_buttons id="1" layout="inline" class='x']`],
    ["any letter case", `[ELFSIGHT_Social_Share_Buttons ID="1"]`],
    ["spaces inside the brackets", `[ elfsight_social_share_buttons  id="1" ]`],
    ["self-closing", `[elfsight_social_share_buttons id="1" /]`],
  ];

  for (const [name, shortcode] of variants) {
    it(`replaces the ${name} form wrapped in its own <p>`, () => {
      const out = html(`<p>Before.</p><p>${shortcode}</p><p>After.</p>`);
      expect(out.html).toBe(`<p>Before.</p>${SHARE_PLACEHOLDER}<p>After.</p>`);
      expect(out.sharePlaceholders).toBe(1);
      expect(out.warnings).toEqual([]);
    });
  }

  it("splits a paragraph when the shortcode stands inside text", () => {
    const out = html(`<p>Read this. [elfsight_social_share_buttons id=”1″] Then <em>this</em>.</p>`);
    expect(out.html).toBe(`<p>Read this.</p>${SHARE_PLACEHOLDER}<p>Then <em>this</em>.</p>`);
    expect(out.sharePlaceholders).toBe(1);
  });

  it("drops empty halves and the line break left beside the shortcode", () => {
    const out = html(`<p>[elfsight_social_share_buttons id="1"]<br>\nText after</p>`);
    expect(out.html).toBe(`${SHARE_PLACEHOLDER}<p>Text after</p>`);
  });

  it("lifts a shortcode out of inline elements inside a paragraph", () => {
    expect(html(`<p><strong>[elfsight_social_share_buttons id="1"]</strong></p><p>Next.</p>`).html).toBe(
      `${SHARE_PLACEHOLDER}<p>Next.</p>`,
    );
    expect(html(`<p>Lead <em>in <strong>bold [elfsight_social_share_buttons] tail</strong> end</em>.</p>`).html).toBe(
      `<p>Lead <em>in <strong>bold</strong></em></p>${SHARE_PLACEHOLDER}<p><em><strong>tail</strong> end</em>.</p>`,
    );
  });

  it("does not let an unclosed shortcode swallow the rest of the text", () => {
    const out = html(`<p>x [elfsight_social_share_buttons id="1" more text and [1] more</p>`);
    expect(out.sharePlaceholders).toBe(0);
    expect(out.html).toContain("more text and [1] more");
  });

  it("removes the shortcode from attribute values", () => {
    const out = html(`<p><img src="/a.jpg" alt="Photo [elfsight_social_share_buttons id=”1″] caption"></p>`);
    expect(out.html).toBe(`<p><img alt="Photo caption" src="https://news.example/a.jpg"></p>`);
  });

  it("places one placeholder per shortcode, at the same positions", () => {
    const out = html(`<p>One [elfsight_social_share_buttons id="1"] two [elfsight_social_share_buttons id="2"] three</p>`);
    expect(out.html).toBe(`<p>One</p>${SHARE_PLACEHOLDER}<p>two</p>${SHARE_PLACEHOLDER}<p>three</p>`);
    expect(out.sharePlaceholders).toBe(2);
  });

  it("replaces a shortcode outside paragraphs inline", () => {
    const out = html(`<div>[elfsight_social_share_buttons id="1"]</div><ul><li>x [elfsight_social_share_buttons] y</li></ul>`);
    // <div> is not on the allow-list, so its text stands at the top level.
    expect(out.html).toBe(`${SHARE_PLACEHOLDER}<ul><li>x${SHARE_PLACEHOLDER}y</li></ul>`);
  });

  it("drops a closing tag without adding a second bar", () => {
    const out = html(`<p>[elfsight_social_share_buttons id="1"][/elfsight_social_share_buttons]</p>`);
    expect(out.html).toBe(SHARE_PLACEHOLDER);
    expect(out.sharePlaceholders).toBe(1);
  });

  it("leaves a shortcode shown as code alone", () => {
    const out = html(`<p>Type <code>[elfsight_social_share_buttons id="1"]</code> in WordPress.</p>`);
    expect(out.html).toBe(`<p>Type <code>[elfsight_social_share_buttons id="1"]</code> in WordPress.</p>`);
    expect(out.sharePlaceholders).toBe(0);
  });

  it("does not touch look-alikes", () => {
    const out = html(`<p>[elfsight_social_share_buttons_pro id="1"] and [sic] and [1]</p>`);
    expect(out.sharePlaceholders).toBe(0);
    expect(out.html).toContain('[elfsight_social_share_buttons_pro id="1"]');
  });

  it("leaves other shortcodes as text and lists them as warnings", () => {
    const out = html(`<p>[gallery ids="1,2"] [contact-form-7 id="9"] [some_widget] [/caption] [sic] [1]</p>`);
    expect(out.html).toBe(`<p>[gallery ids="1,2"] [contact-form-7 id="9"] [some_widget] [/caption] [sic] [1]</p>`);
    expect(out.warnings).toEqual([
      `unknown shortcode left as text: [gallery ids="1,2"]`,
      `unknown shortcode left as text: [contact-form-7 id="9"]`,
      `unknown shortcode left as text: [some_widget]`,
      `unknown shortcode left as text: [/caption]`,
    ]);
  });

  it("replaces the shortcode in scraped text", () => {
    const out = prepared({ text: `Jane Roe, FISM NEWS\n\n[elfsight_social_share_buttons id=”1″]\n\nFirst.\n\nSecond.` });
    expect(out.html).toBe(`${SHARE_PLACEHOLDER}<p>First.</p><p>Second.</p>`);
  });

  it("is stable when the stored body is sent through the pipeline again", () => {
    const once = html(
      `<p>Intro — “quoted” &amp; more.</p><p>[elfsight_social_share_buttons id=”1″]</p><iframe src="https://www.youtube.com/embed/x">fallback &amp; text</iframe><p>End.</p>`,
    ).html;
    expect(html(once).html).toBe(once);
  });

  it("makes placeholders in an incoming body canonical, so a forged one cannot carry content", () => {
    const out = html(
      `<herald-share data-herald="x" onclick="y">text</herald-share><p title="${"&lt;herald-share data-herald=&quot;share&quot;&gt;&lt;/herald-share&gt;"}">t</p>`,
    );
    expect(out.html.startsWith(SHARE_PLACEHOLDER)).toBe(true);
    expect(out.html.split(SHARE_PLACEHOLDER)).toHaveLength(2);
  });
});

describe("share placeholders per article are capped", () => {
  const SHORTCODE = `[elfsight_social_share_buttons id="1"]`;
  const placeholders = (body: string) => body.split(SHARE_PLACEHOLDER).length - 1;

  it(`keeps the first ${MAX_SHARE_PLACEHOLDERS} and removes the rest, with a warning`, () => {
    const out = html(`<p>Intro.</p>${`<p>${SHORTCODE}</p>`.repeat(10)}<p>a ${SHORTCODE} b</p>`);
    expect(placeholders(out.html)).toBe(MAX_SHARE_PLACEHOLDERS);
    expect(out.html.startsWith(`<p>Intro.</p>${SHARE_PLACEHOLDER.repeat(MAX_SHARE_PLACEHOLDERS)}`)).toBe(true);
    expect(out.html).not.toContain("elfsight");
    expect(out.html.endsWith(`${SHARE_PLACEHOLDER}<p>a b</p>`)).toBe(true);
    expect(out.sharePlaceholders).toBe(MAX_SHARE_PLACEHOLDERS);
    expect(out.warnings).toEqual([
      `kept the first ${MAX_SHARE_PLACEHOLDERS} share placeholders and removed 8 more: an article shows at most ${MAX_SHARE_PLACEHOLDERS} share bars`,
    ]);
  });

  it("counts placeholders that arrive in the body with the shortcodes, in document order", () => {
    const out = html(`${SHORTCODE}${SHARE_PLACEHOLDER.repeat(5)}<p>${SHORTCODE}</p>`);
    expect(placeholders(out.html)).toBe(MAX_SHARE_PLACEHOLDERS);
    expect(out.sharePlaceholders).toBe(MAX_SHARE_PLACEHOLDERS);
  });

  it("expands no more than the cap in a body stored before it", () => {
    expect(expandSharePlaceholders(SHARE_PLACEHOLDER.repeat(50), "[bar]")).toBe("[bar]".repeat(MAX_SHARE_PLACEHOLDERS));
    expect(expandSharePlaceholders(`a${SHARE_PLACEHOLDER}b${SHARE_PLACEHOLDER}c`, (i) => `[${i}]`)).toBe("a[0]b[1]c");
  });

  it("keeps the page and every feed bounded by the body's size when a body repeats the shortcode 9,000 times", async () => {
    const bodyHtml = `<p>Intro.</p>${`<p>${SHORTCODE}</p>`.repeat(9000)}`;
    const put = await adminApi("PUT", "/many-share-bars", htmlArticleInput({ bodyHtml }));
    expect(put.status).toBe(201);
    const answer = await put.json<{ sharePlaceholders: number; warnings: string[] }>();
    expect(answer.sharePlaceholders).toBe(MAX_SHARE_PLACEHOLDERS);
    expect(answer.warnings).toContain(
      `kept the first ${MAX_SHARE_PLACEHOLDERS} share placeholders and removed 8997 more: an article shows at most ${MAX_SHARE_PLACEHOLDERS} share bars`,
    );
    const page = await (await request("/articles/many-share-bars")).text();
    expect(page.length).toBeLessThan(1.5 * bodyHtml.length);
    expect(page.match(/<nav class="hs /g)?.length).toBe(MAX_SHARE_PLACEHOLDERS);
    for (const feed of ["/feed.xml", "/atom.xml", "/feed.json"]) {
      const text = await (await request(feed)).text();
      expect(text.length, feed).toBeLessThan(1.5 * bodyHtml.length);
      expect(text, feed).toContain("Intro.");
    }
  });
});
