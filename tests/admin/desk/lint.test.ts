import { env } from "cloudflare:workers";
import { encode } from "fast-png";
import { beforeAll, describe, expect, it } from "vitest";
import { type Finding, type LintInput, lintArticle } from "../../../src/admin/desk/lint/lint";
import { LintView } from "../../../src/admin/desk/lint/lint-view";
import type { Article } from "../../../src/articles/model";
import { articleCardImages } from "../../../src/cards/cards";
import { articleSocialMeta } from "../../../src/cards/social-meta";
import { siteConfig } from "../../../src/site/config";
import { adminApi, htmlArticleInput, seedArticleInput } from "../../helpers";
import { DeskPage, deskFetchWith } from "./article-page";
import { DeskClient } from "./desk-client";

const site = siteConfig(env);

/** An article no rule finds fault with; each test spoils one thing. */
function cleanArticle(overrides: Partial<Article> = {}): Article {
  return {
    id: "lint-clean",
    slug: "lint-clean",
    title: "Bridge opens after eleven years",
    bodyHtml: "<p>The bridge over the northern valley opened on Sunday.</p>",
    authors: [{ name: "Jane Roe", slug: "jane-roe", fediverse: "@jane@news.social" }],
    tags: [],
    leadImage: { url: "https://images.example/bridge.jpg", alt: "The new bridge at dawn", width: 1200, height: 630 },
    canonicalUrl: "https://news.example/articles/lint-clean",
    hasCanonicalOverride: false,
    publishedAt: "2024-05-01T09:30:00.000Z",
    updatedAt: "2024-05-01T09:30:00.000Z",
    status: "published",
    contentHash: "0123456789abcdef",
    source: { kind: "api" },
    createdAt: "2024-05-01T09:30:00.000Z",
    ...overrides,
  };
}

async function lintOf(article: Article, facts: Partial<Omit<LintInput, "article" | "site" | "tags">> = {}): Promise<Finding[]> {
  const social = articleSocialMeta(article, site, await articleCardImages(site, article), "https://news.example/icon.png");
  return lintArticle({
    article,
    site,
    tags: social.tags,
    card: { bytes: 90 * 1024, photoDrawn: true },
    ingestWarnings: [],
    leadPhoto: { kind: "usable", width: 1200, height: 630 },
    ...facts,
  });
}

/** id → severity. */
const byId = (findings: Finding[]) => new Map(findings.map((finding) => [finding.id, finding.severity]));

describe("the lint, rule by rule", () => {
  it("finds nothing in a clean article, and says so", async () => {
    const findings = await lintOf(cleanArticle());
    expect(findings).toEqual([]);
    const html = String(await LintView({ findings }));
    expect(html).toContain("No problems found.");
  });

  it("headline cut: per platform, from the platform table's limits", async () => {
    const title = "Council and regional authority agree to share the cost of repairing the flood damage";
    const found = byId(await lintOf(cleanArticle({ title })));
    // 86 characters: over X (70), LinkedIn (90 is fine), WhatsApp (65) and iMessage (60); under Facebook (88).
    // X loses 19% and WhatsApp 24%: notices; iMessage loses 30%: a warning.
    expect(found.get("headline-cut-x")).toBe("notice");
    expect(found.get("headline-cut-whatsapp")).toBe("notice");
    expect(found.get("headline-cut-imessage")).toBe("warning");
    expect(found.has("headline-cut-facebook")).toBe(false);
    expect(found.has("headline-cut-linkedin")).toBe(false);
    expect(byId(await lintOf(cleanArticle())).has("headline-cut-x")).toBe(false);
    const long = byId(await lintOf(cleanArticle({ title: "A headline far too long. ".repeat(12).trim() })));
    for (const platform of ["facebook", "x", "linkedin", "slack", "whatsapp", "telegram", "imessage", "mastodon", "bluesky"]) {
      expect(long.get(`headline-cut-${platform}`), platform).toBe("warning");
    }
  });

  it("description cut: a notice, on the platforms that show one", async () => {
    const dek = "A long dek that runs on and on about the bridge, the valley, the council and its many meetings over the years.";
    const found = byId(await lintOf(cleanArticle({ dek })));
    expect(found.get("description-cut-whatsapp")).toBe("notice");
    // Facebook shows no description: nothing to cut.
    expect(found.has("description-cut-facebook")).toBe(false);
    expect(found.has("description-cut-discord")).toBe(false);
  });

  it("no lead image; lead image without alt text", async () => {
    const none = byId(await lintOf(cleanArticle({ leadImage: undefined }), { leadPhoto: { kind: "none" } }));
    expect(none.get("no-lead-image")).toBe("warning");
    const noAlt = byId(await lintOf(cleanArticle({ leadImage: { url: "https://images.example/bridge.jpg", alt: " " } })));
    expect(noAlt.get("lead-image-no-alt")).toBe("warning");
    expect(noAlt.has("no-lead-image")).toBe(false);
    const clean = byId(await lintOf(cleanArticle()));
    expect(clean.has("no-lead-image") || clean.has("lead-image-no-alt")).toBe(false);
  });

  it("photo too small: a warning under Facebook's 600×315, a notice under 1200×630", async () => {
    const tiny = await lintOf(cleanArticle(), { leadPhoto: { kind: "usable", width: 500, height: 262 } });
    expect(byId(tiny).get("photo-too-small")).toBe("warning");
    expect(tiny.find((f) => f.id === "photo-too-small")?.seen).toContain("600×315");
    const soft = byId(await lintOf(cleanArticle(), { leadPhoto: { kind: "usable", width: 1000, height: 524 } }));
    expect(soft.get("photo-too-small")).toBe("notice");
    // Not fetched (host not allowed): the declared size is judged.
    const declared = cleanArticle({ leadImage: { url: "https://elsewhere.example/a.jpg", alt: "A", width: 400, height: 210 } });
    expect(
      byId(await lintOf(declared, { leadPhoto: { kind: "host-not-allowed", host: "elsewhere.example" } })).get("photo-too-small"),
    ).toBe("warning");
    expect(byId(await lintOf(cleanArticle())).has("photo-too-small")).toBe(false);
  });

  it("wrong ratio: far from 1.91:1, the card crops it", async () => {
    const portrait = await lintOf(cleanArticle(), { leadPhoto: { kind: "usable", width: 1200, height: 1600 } });
    expect(byId(portrait).get("photo-ratio")).toBe("notice");
    expect(portrait.find((f) => f.id === "photo-ratio")?.seen).toContain("top and bottom");
    expect(byId(await lintOf(cleanArticle(), { leadPhoto: { kind: "usable", width: 1600, height: 900 } })).has("photo-ratio")).toBe(false);
  });

  it("card over 300 KB: an error, WhatsApp drops it", async () => {
    const big = await lintOf(cleanArticle(), { card: { bytes: 301 * 1024, photoDrawn: true } });
    expect(byId(big).get("card-too-large")).toBe("error");
    expect(big.find((f) => f.id === "card-too-large")?.seen).toContain("WhatsApp");
    expect(byId(await lintOf(cleanArticle(), { card: { bytes: 300 * 1024, photoDrawn: true } })).has("card-too-large")).toBe(false);
  });

  it("card not drawn: an error", async () => {
    expect(byId(await lintOf(cleanArticle(), { card: { failed: "R2 down" } })).get("card-failed")).toBe("error");
  });

  it("photo dropped from the card: host not allowed, refused, not reachable, or over the size limit", async () => {
    const cases: [LintInput["leadPhoto"], string][] = [
      [{ kind: "host-not-allowed", host: "elsewhere.example" }, "photo-host-not-allowed"],
      [{ kind: "skipped", reason: "HTTP 404 text/html" }, "photo-not-usable"],
      [{ kind: "undecodable", reason: "does not decode" }, "photo-not-usable"],
      [{ kind: "unavailable", reason: "HTTP 503" }, "photo-unavailable"],
    ];
    for (const [leadPhoto, id] of cases) {
      const found = byId(await lintOf(cleanArticle(), { leadPhoto, card: { bytes: 40_000, photoDrawn: false } }));
      expect(found.get(id), id).toBe("warning");
    }
    expect(byId(await lintOf(cleanArticle(), { card: { bytes: 40_000, photoDrawn: false } })).get("photo-dropped")).toBe("warning");
    const drawn = await lintOf(cleanArticle());
    expect(drawn.filter((f) => f.id.startsWith("photo-"))).toEqual([]);
  });

  it("canonical URL not on SITE_URL", async () => {
    const moved = byId(await lintOf(cleanArticle({ canonicalUrl: "https://old.example/2021/11/bridge/", hasCanonicalOverride: true })));
    expect(moved.get("canonical-off-site")).toBe("warning");
    // A look-alike host is not the site.
    expect(byId(await lintOf(cleanArticle({ canonicalUrl: "https://news.example.evil/articles/x" }))).get("canonical-off-site")).toBe(
      "warning",
    );
    expect(byId(await lintOf(cleanArticle())).has("canonical-off-site")).toBe(false);
  });

  it("leftover shortcodes: the ingest's warning, and shortcode text still in the body (not inside code)", async () => {
    const warned = byId(await lintOf(cleanArticle(), { ingestWarnings: ['unknown shortcode left as text: [gallery ids="1,2"]'] }));
    expect(warned.get("ingest-shortcode")).toBe("warning");
    const inBody = byId(await lintOf(cleanArticle({ bodyHtml: '<p>Before [contact_form id="3"] after.</p>' })));
    expect(inBody.get("body-shortcode")).toBe("warning");
    const both = byId(
      await lintOf(cleanArticle({ bodyHtml: '<p>[gallery ids="1,2"] and [contact_form id="3"]</p>' }), {
        ingestWarnings: ['unknown shortcode left as text: [gallery ids="1,2"]'],
      }),
    );
    expect([both.get("ingest-shortcode"), both.get("body-shortcode")]).toEqual(["warning", "warning"]);
    const shown = byId(await lintOf(cleanArticle({ bodyHtml: '<p>Type <code>[gallery ids="1"]</code> to add one. [sic]</p>' })));
    expect(shown.has("body-shortcode")).toBe(false);
  });

  it("comment-form residue the ingest removed: a notice", async () => {
    const residue = byId(await lintOf(cleanArticle(), { ingestWarnings: ['removed comment-form residue: "Leave a Reply"'] }));
    expect(residue.get("ingest-comment-residue")).toBe("notice");
    expect(byId(await lintOf(cleanArticle())).has("ingest-comment-residue")).toBe(false);
  });

  it("authors without a fediverse handle", async () => {
    const found = await lintOf(cleanArticle({ authors: [{ name: "Bo Li", slug: "bo-li" }] }));
    expect(byId(found).get("no-fediverse-creator")).toBe("notice");
    expect(found.find((f) => f.id === "no-fediverse-creator")?.seen).toContain("Bo Li");
    expect(byId(await lintOf(cleanArticle())).has("no-fediverse-creator")).toBe(false);
  });

  it("headline that differs from the body's first heading (whitespace and case aside)", async () => {
    const differs = byId(await lintOf(cleanArticle({ bodyHtml: "<h2>Valley <em>bridge</em> delayed</h2><p>Text.</p>" })));
    expect(differs.get("title-differs-from-heading")).toBe("notice");
    const same = cleanArticle({ bodyHtml: "<h2>  bridge OPENS after\n eleven years</h2><p>Text.</p>" });
    expect(byId(await lintOf(same)).has("title-differs-from-heading")).toBe(false);
  });

  it("sorts findings most serious first, and writes the severity out", async () => {
    const findings = await lintOf(cleanArticle({ leadImage: undefined, authors: [{ name: "Bo Li", slug: "bo-li" }] }), {
      leadPhoto: { kind: "none" },
      card: { bytes: 400 * 1024, photoDrawn: false },
    });
    expect(findings.map((f) => f.severity)).toEqual(["error", "warning", "notice"]);
    const page = new DeskPage(String(await LintView({ findings })));
    expect(page.findings()).toEqual([
      ["card-too-large", "Error"],
      ["no-lead-image", "Warning"],
      ["no-fediverse-creator", "Notice"],
    ]);
  });
});

describe("the lint on the article page, from stored warnings and fetched photos", () => {
  let desk: DeskClient;
  beforeAll(async () => {
    desk = await new DeskClient().signIn();
  });

  it("reports the seed's removed comment-form residue, from the warnings stored at its PUT", async () => {
    expect((await adminApi("PUT", "/lint-seed", seedArticleInput())).status).toBe(201);
    const page = new DeskPage(await (await desk.get("/desk/articles/lint-seed")).text());
    const found = new Map(page.findings());
    expect(found.get("ingest-comment-residue")).toBe("Notice");
    expect(found.has("body-shortcode")).toBe(false);
  });

  it("reports an unknown shortcode the ingest left as text", async () => {
    const body = { bodyHtml: '<p>Photos: [gallery ids="4,5"]</p>' };
    expect((await adminApi("PUT", "/lint-gallery", htmlArticleInput(body))).status).toBe(201);
    const found = new Map(new DeskPage(await (await desk.get("/desk/articles/lint-gallery")).text()).findings());
    expect(found.get("ingest-shortcode")).toBe("Warning");
    // The same shortcode is one finding, not two.
    expect(found.has("body-shortcode")).toBe(false);
  });

  it("measures the lead photo through the desk's fetcher: too small and too wide for the card", async () => {
    const narrow = encode({ width: 800, height: 300, channels: 3, data: new Uint8Array(800 * 300 * 3).fill(90) });
    const fetched: string[] = [];
    const fetcher = (async (input: RequestInfo | URL) => {
      fetched.push(String(input));
      return new Response(narrow, { headers: { "Content-Type": "image/png" } });
    }) as typeof fetch;
    const leadImage = { url: "https://images.example/narrow.png", alt: "A narrow strip of sky" };
    expect((await adminApi("PUT", "/lint-narrow", htmlArticleInput({ leadImage }))).status).toBe(201);
    const res = await deskFetchWith(desk, "/desk/articles/lint-narrow", {
      fetcher,
      bindings: { ...env, CARD_IMAGE_HOSTS: "images.example" },
    });
    expect(res.status).toBe(200);
    const found = new Map(new DeskPage(await res.text()).findings());
    expect(found.get("photo-too-small")).toBe("Warning");
    expect(found.get("photo-ratio")).toBe("Notice");
    expect(found.has("photo-host-not-allowed")).toBe(false);
    expect(fetched.every((url) => url === leadImage.url)).toBe(true);
    expect(fetched.length).toBeGreaterThan(0);

    // Without the host allowed, nothing is fetched and the card goes without the photo.
    fetched.length = 0;
    const refused = await deskFetchWith(desk, "/desk/articles/lint-narrow", { fetcher });
    expect(new Map(new DeskPage(await refused.text()).findings()).get("photo-host-not-allowed")).toBe("Warning");
    expect(fetched).toEqual([]);
  });
});
