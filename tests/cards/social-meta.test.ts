import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { decodeHTML } from "entities";
import ogs from "open-graph-scraper-lite";
import { beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/app/create-app";
import { adminApi, htmlArticleInput, request, seedArticleInput } from "../helpers";

const SEED = "iraqi-prime-minister-survives-drone-attack";
const HOSTILE_TITLE = `</title><script>alert(1)</script> Tom & "Jerry" <b>`;

interface Head {
  title: string;
  /** Every meta tag, in order, as [property-or-name, content]. */
  meta: [string, string][];
  links: Record<string, string>[];
  jsonLd: string[];
}

/** Reads `<head>` with the runtime's own HTML parser (HTMLRewriter), as a crawler would;
 * HTMLRewriter hands over raw source, so entities are decoded as a browser would. */
async function readHead(res: Response): Promise<Head> {
  const head: Head = { title: "", meta: [], links: [], jsonLd: [] };
  let script = "";
  await new HTMLRewriter()
    .on("head title", {
      text: (t) => {
        head.title += t.text;
      },
    })
    .on("head meta", {
      element: (el) => {
        const key = el.getAttribute("property") ?? el.getAttribute("name");
        if (key) head.meta.push([key, decodeHTML(el.getAttribute("content") ?? "")]);
      },
    })
    .on("head link", {
      element: (el) => void head.links.push(Object.fromEntries([...el.attributes].map(([k, v]) => [k, decodeHTML(v ?? "")]))),
    })
    .on('head script[type="application/ld+json"]', {
      element: (el) => {
        script = "";
        el.onEndTag(() => void head.jsonLd.push(script));
      },
      text: (t) => {
        script += t.text;
      },
    })
    .transform(res)
    .arrayBuffer();
  head.title = decodeHTML(head.title);
  return head;
}

const values = (head: Head, key: string) => head.meta.filter(([k]) => k === key).map(([, v]) => v);
const one = (head: Head, key: string) => {
  const found = values(head, key);
  expect(found, key).toHaveLength(1);
  return found[0] ?? "";
};

beforeAll(async () => {
  expect((await adminApi("PUT", `/${SEED}`, seedArticleInput())).status).toBe(201);
  expect(
    (
      await adminApi(
        "PUT",
        "/hostile-title",
        htmlArticleInput({
          title: HOSTILE_TITLE,
          dek: `A dek that is long enough to be trimmed on a word boundary ${"wordy ".repeat(60)}end`,
          authors: [{ name: "Jane Roe", fediverse: "jane@news.social" }, "Bo Li"],
          section: "World",
          tags: ["a&b", "Iraq"],
          leadImage: { url: "https://images.example/lead.jpg", alt: "Lead", width: 1600, height: 900 },
        }),
      )
    ).status,
  ).toBe(201);
});

describe("article page <head>", () => {
  it("has every tag, once, for the seed article", async () => {
    const head = await readHead(await request(`/articles/${SEED}`));
    expect(head.title).toBe("Iraqi prime minister survives drone attack on his Baghdad residence – FISM News");
    const card = one(head, "og:image");
    expect(card).toMatch(/^https:\/\/news\.example\/cards\/iraqi-prime-minister-survives-drone-attack\.png\?v=[0-9a-f]{16}$/);
    const expected: Record<string, string> = {
      description: one(head, "og:description"),
      author: "Lauren Moye",
      "og:type": "article",
      "og:title": "Iraqi prime minister survives drone attack on his Baghdad residence",
      "og:url": `https://news.example/articles/${SEED}`,
      "og:site_name": "FISM News",
      "og:locale": "en_US",
      "og:image:width": "1200",
      "og:image:height": "630",
      "og:image:type": "image/png",
      "og:image:alt": "Iraqi prime minister survives drone attack on his Baghdad residence – FISM News",
      "article:published_time": "2021-11-07T00:00:00.000Z",
      "article:modified_time": "2021-11-07T00:00:00.000Z",
      "article:author": "https://news.example/authors/lauren-moye",
      "article:section": "World",
      "twitter:card": "summary_large_image",
      "twitter:label1": "Written by",
      "twitter:data1": "Lauren Moye",
      "twitter:label2": "Reading time",
      "theme-color": "#14213d",
    };
    for (const [key, value] of Object.entries(expected)) expect(one(head, key), key).toBe(value);
    expect(one(head, "twitter:data2")).toMatch(/^[1-9]\d* min read$/);
    expect(values(head, "article:tag")).toEqual(["Iraq", "Middle East"]);
    // og:* and twitter:* agree, so first-value and last-value parsers agree too.
    for (const [ogKey, twitterKey] of [
      ["og:title", "twitter:title"],
      ["og:description", "twitter:description"],
      ["og:image", "twitter:image"],
      ["og:image:alt", "twitter:image:alt"],
    ] as const) {
      expect(one(head, twitterKey)).toBe(one(head, ogKey));
    }
    // No key other than the per-value ones appears twice.
    const repeated = new Set(["article:author", "article:tag", "fediverse:creator"]);
    const counts = new Map<string, number>();
    for (const [key] of head.meta) counts.set(key, (counts.get(key) ?? 0) + 1);
    expect([...counts].filter(([key, n]) => n > 1 && !repeated.has(key))).toEqual([]);
    expect(values(head, "twitter:site")).toEqual([]);
    expect(values(head, "fediverse:creator")).toEqual([]);
    expect(head.links.filter((l) => l.rel === "canonical")).toEqual([{ rel: "canonical", href: `https://news.example/articles/${SEED}` }]);
  });

  it("carries one top-level JSON-LD NewsArticle", async () => {
    const head = await readHead(await request(`/articles/${SEED}`));
    expect(head.jsonLd).toHaveLength(1);
    const data = JSON.parse(head.jsonLd[0] ?? "{}");
    expect(data["@graph"]).toBeUndefined();
    expect(data).toMatchObject({
      "@context": "https://schema.org",
      "@type": "NewsArticle",
      headline: "Iraqi prime minister survives drone attack on his Baghdad residence",
      datePublished: "2021-11-07T00:00:00.000Z",
      dateModified: "2021-11-07T00:00:00.000Z",
      author: [{ "@type": "Person", name: "Lauren Moye", url: "https://news.example/authors/lauren-moye" }],
      publisher: { "@type": "Organization", name: "FISM News", logo: { "@type": "ImageObject" } },
      mainEntityOfPage: { "@type": "WebPage", "@id": `https://news.example/articles/${SEED}` },
      articleSection: "World",
      keywords: "Iraq, Middle East",
      inLanguage: "en-US",
    });
    // Google's three frames of the same card version as og:image, each at least 1200 px wide.
    const card = new URL(one(head, "og:image"));
    expect(data.image).toEqual(
      ["16x9", "4x3", "1x1"].map((frame) => `${card.origin}${card.pathname.replace(/\.(png|jpg)$/, `.${frame}.$1`)}${card.search}`),
    );
    expect(data.description).toBe(one(head, "og:description"));
  });

  it("announces oEmbed and answers it", async () => {
    const head = await readHead(await request(`/articles/${SEED}`));
    const link = head.links.find((l) => l.type === "application/json+oembed");
    expect(link?.href).toBe(`https://news.example/oembed?url=https%3A%2F%2Fnews.example%2Farticles%2F${SEED}&format=json`);
    const res = await request(new URL(link?.href ?? "").pathname + new URL(link?.href ?? "").search);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      version: "1.0",
      type: "link",
      title: "Iraqi prime minister survives drone attack on his Baghdad residence",
      author_name: "Lauren Moye",
      author_url: "https://news.example/authors/lauren-moye",
      provider_name: "FISM News",
      provider_url: "https://news.example/",
      thumbnail_url: one(head, "og:image"),
      thumbnail_width: 1200,
      thumbnail_height: 630,
    });
    expect((await request("/oembed?format=json")).status).toBe(400);
    expect((await request(`/oembed?url=https://news.example/articles/${SEED}&format=xml`)).status).toBe(501);
    expect((await request("/oembed?url=https://evil.example/articles/x&format=json")).status).toBe(404);
  });

  it("is read the same way by an Open Graph scraping library", async () => {
    const { result } = await ogs({ html: await (await request(`/articles/${SEED}`)).text() });
    expect(result.ogTitle).toBe("Iraqi prime minister survives drone attack on his Baghdad residence");
    expect(result.ogType).toBe("article");
    expect(result.ogSiteName).toBe("FISM News");
    expect(result.ogImage?.[0]).toMatchObject({ width: "1200", height: "630", type: "image/png" });
    expect(result.twitterCard).toBe("summary_large_image");
    expect(result.twitterImage?.[0]?.url).toBe(result.ogImage?.[0]?.url);
  });

  it("keeps a hostile title as text in every tag", async () => {
    const res = await request("/articles/hostile-title");
    const html = await res.clone().text();
    expect(html).not.toContain("<script>alert(1)</script>");
    const head = await readHead(res);
    expect(head.title).toBe(`${HOSTILE_TITLE} – FISM News`);
    expect(one(head, "og:title")).toBe(HOSTILE_TITLE);
    expect(one(head, "twitter:title")).toBe(HOSTILE_TITLE);
    expect(JSON.parse(head.jsonLd[0] ?? "{}").headline).toBe(HOSTILE_TITLE);
    const { result } = await ogs({ html });
    expect(result.ogTitle).toBe(HOSTILE_TITLE);
  });

  it("trims descriptions on a word boundary to 200 characters", async () => {
    const head = await readHead(await request("/articles/hostile-title"));
    const description = one(head, "og:description");
    expect(description.length).toBeLessThanOrEqual(200);
    expect(description.endsWith("wordy…")).toBe(true);
    expect(one(head, "description")).toBe(description);
  });

  it("names fediverse creators and every author, and adds the lead image to JSON-LD after the frames", async () => {
    const head = await readHead(await request("/articles/hostile-title"));
    expect(values(head, "fediverse:creator")).toEqual(["@jane@news.social"]);
    expect(values(head, "article:author")).toEqual(["https://news.example/authors/jane-roe", "https://news.example/authors/bo-li"]);
    expect(one(head, "twitter:data1")).toBe("Jane Roe and Bo Li");
    expect(JSON.parse(head.jsonLd[0] ?? "{}").image[3]).toBe("https://images.example/lead.jpg");
  });

  it("adds twitter:site when an X handle is configured", async () => {
    await adminApi("PUT", "/with-x-handle", htmlArticleInput());
    const res = await createApp().fetch(
      new Request("https://herald.test/articles/with-x-handle"),
      { ...env, X_HANDLE: "fismnews" },
      createExecutionContext(),
    );
    expect(values(await readHead(res), "twitter:site")).toEqual(["@fismnews"]);
  });
});

describe("article page description when the body has no paragraph text and there is no dek", () => {
  /** What a crawler reads: the three descriptions, which must agree, and the JSON-LD one. */
  async function descriptionsOf(slug: string, article: Record<string, unknown>): Promise<string> {
    expect((await adminApi("PUT", `/${slug}`, htmlArticleInput(article))).status).toBe(201);
    const res = await request(`/articles/${slug}`);
    const html = await res.clone().text();
    const head = await readHead(res);
    const description = one(head, "description");
    expect(one(head, "og:description")).toBe(description);
    expect(one(head, "twitter:description")).toBe(description);
    expect(JSON.parse(head.jsonLd[0] ?? "{}").description).toBe(description);
    const { result } = await ogs({ html });
    expect(result.ogDescription).toBe(description);
    return description;
  }

  it("uses the body's other text: a caption, a list", async () => {
    const bodyHtml = `<figure><img src="https://images.example/a.jpg" alt="Alt text"><figcaption>Smoke over Baghdad at dawn.</figcaption></figure>`;
    expect(await descriptionsOf("caption-only", { title: "Caption only", bodyHtml })).toBe("Smoke over Baghdad at dawn.");
    expect(await descriptionsOf("list-only", { title: "List only", bodyHtml: "<ul><li>One point.</li><li>Another.</li></ul>" })).toBe(
      "One point. Another.",
    );
  });

  it("uses the image's alt text when the body is only an image", async () => {
    const bodyHtml = `<p><img src="https://images.example/b.jpg" alt="Rescue workers search the rubble"></p>`;
    expect(await descriptionsOf("image-only", { title: "Image only", bodyHtml })).toBe("Rescue workers search the rubble");
    const withLead = {
      title: "Lead image only",
      bodyHtml: `<p><img src="https://images.example/c.jpg" alt=""></p>`,
      leadImage: { url: "https://images.example/lead.jpg", alt: "The lead photo" },
    };
    expect(await descriptionsOf("lead-image-only", withLead)).toBe("The lead photo");
  });

  it("says the headline and the site when the body shows nothing to read", async () => {
    const bodyHtml = `<p><img src="https://images.example/d.jpg"></p><hr>[elfsight_social_share_buttons id="1"]`;
    expect(await descriptionsOf("nothing-to-read", { title: "Nothing to read", bodyHtml })).toBe("Nothing to read – FISM News");
  });
});

describe("pages without an article", () => {
  it("show the site's default card", async () => {
    const head = await readHead(await request("/"));
    expect(one(head, "og:type")).toBe("website");
    expect(one(head, "og:image")).toMatch(/^https:\/\/news\.example\/site-card\.png\?v=[0-9a-f]{16}$/);
    expect(one(head, "twitter:image")).toBe(one(head, "og:image"));
    const author = await readHead(await request("/authors/lauren-moye"));
    expect(one(author, "og:image")).toBe(one(head, "og:image"));
  });
});
