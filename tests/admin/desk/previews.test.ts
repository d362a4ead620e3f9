import { SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { PLATFORM_IDS } from "../../../src/admin/desk/previews/platforms";
import { cutForPreview } from "../../../src/admin/desk/previews/preview";
import { adminApi, htmlArticleInput, seedArticleInput } from "../../helpers";
import { DeskPage } from "./article-page";
import { DeskClient } from "./desk-client";

const SEED_TITLE = "Iraqi prime minister survives drone attack on his Baghdad residence";
/** 300 characters, the longest headline the API takes. */
const LONG_TITLE =
  "Residents of the northern valley say the long-promised bridge, first announced eleven years ago and redesigned three times since, will still not open this winter as the council, the regional authority and two contractors argue over who should pay for the flood damage found last spring by inspectors.";

let desk: DeskClient;

beforeAll(async () => {
  expect((await adminApi("PUT", "/previews-seed", seedArticleInput())).status).toBe(201);
  const bad = htmlArticleInput({ title: LONG_TITLE, status: "draft", authors: [{ name: "Jane Roe", fediverse: "@jane@news.social" }] });
  expect((await adminApi("PUT", "/previews-bad", bad)).status).toBe(201);
  desk = await new DeskClient().signIn();
});

async function pageOf(slug: string): Promise<DeskPage> {
  const res = await desk.get(`/desk/articles/${slug}`);
  expect(res.status).toBe(200);
  expect(res.headers.get("Cache-Control")).toBe("no-store");
  return new DeskPage(await res.text());
}

describe("the seed article's previews", () => {
  let page: DeskPage;
  beforeAll(async () => {
    page = await pageOf("previews-seed");
  });

  it("has the headline as h1, lint then previews, one preview per platform, labelled as approximations", () => {
    expect(page.heading(1)).toEqual([SEED_TITLE]);
    expect(page.heading(2)).toEqual(["Lint", "Share previews", "Publishing"]);
    expect(page.heading(3)).toEqual([
      "Facebook",
      "X",
      "LinkedIn",
      "Slack",
      "Discord",
      "WhatsApp",
      "Telegram",
      "iMessage",
      "Mastodon",
      "Bluesky",
    ]);
    expect(PLATFORM_IDS).toHaveLength(10);
    const note = page.all(page.root, "note").map((el) => el.children.map((c) => ("data" in c ? c.data : "")).join(""));
    expect(note.join(" ")).toContain("Approximations drawn from Herald's tags; each platform's own rendering differs by app and version");
  });

  it("shows the 67-character headline whole on X and Facebook, cut on iMessage and WhatsApp", () => {
    expect(page.text(page.preview("x"), "title")).toBe(SEED_TITLE);
    expect(page.text(page.preview("facebook"), "title")).toBe(SEED_TITLE);
    expect(page.text(page.preview("imessage"), "title")).toBe("Iraqi prime minister survives drone attack on his Baghdad…");
    expect(page.text(page.preview("whatsapp"), "title")).toBe("Iraqi prime minister survives drone attack on his Baghdad…");
  });

  it("shows the site's name where platforms read og:site_name and the domain where they show the host", () => {
    expect(page.text(page.preview("slack"), "site")).toBe("FISM News");
    expect(page.text(page.preview("telegram"), "site")).toBe("FISM News");
    expect(page.text(page.preview("facebook"), "site")).toBe("news.example");
    expect(page.text(page.preview("x"), "site")).toBe("From news.example");
  });

  it("gives Slack its Written by and Reading time fields, from twitter:label/data, and no other platform", () => {
    const [written, reading] = page.labels("slack");
    expect(written).toEqual(["Written by", "Lauren Moye"]);
    expect(reading?.[0]).toBe("Reading time");
    expect(reading?.[1]).toMatch(/^\d+ min read$/);
    expect(page.labels("discord")).toEqual([]);
  });

  it("crops the desk's own card per platform, with the card's alt text", () => {
    expect(page.image("x")).toEqual({
      class: "crop crop-2x1",
      src: "/desk/articles/previews-seed/card",
      alt: `${SEED_TITLE} – FISM News`,
    });
    expect(page.image("facebook")?.class).toBe("crop crop-191x100");
    expect(page.image("bluesky")?.class).toBe("crop crop-191x100");
  });

  it("shows descriptions only where the platform does, and no Mastodon author line without fediverse:creator", () => {
    expect(page.text(page.preview("facebook"), "desc")).toBeUndefined();
    expect(page.text(page.preview("slack"), "desc")).toMatch(/^Three armed drones targeted/);
    expect(page.text(page.preview("mastodon"), "creator")).toBeUndefined();
  });
});

describe("a bad article's previews (a 300-character headline, no image, a draft)", () => {
  let page: DeskPage;
  beforeAll(async () => {
    page = await pageOf("previews-bad");
  });

  it("cuts the headline where each platform does, keeping the whole in the title", () => {
    const x = page.all(page.preview("x"), "title")[0];
    expect(page.text(page.preview("x"), "title")).toBe("Residents of the northern valley say the long-promised bridge, first…");
    expect(x?.attribs.title).toBe(LONG_TITLE);
    expect(page.text(page.preview("facebook"), "title")).toBe(
      "Residents of the northern valley say the long-promised bridge, first announced eleven…",
    );
    // Discord takes up to 256 characters.
    expect(page.text(page.preview("discord"), "title")?.length).toBeLessThanOrEqual(256);
    expect(page.text(page.preview("discord"), "title")?.endsWith("…")).toBe(true);
  });

  it("still shows the text card (every page has one), and Mastodon's author line from fediverse:creator", () => {
    expect(page.image("facebook")?.src).toBe("/desk/articles/previews-bad/card");
    expect(page.text(page.preview("mastodon"), "creator")).toBe("More from @jane@news.social");
  });

  it("lints the cut headline and the missing image", () => {
    const findings = new Map(page.findings());
    expect(findings.get("headline-cut-x")).toBe("Warning");
    expect(findings.get("headline-cut-facebook")).toBe("Warning");
    expect(findings.get("no-lead-image")).toBe("Warning");
  });
});

describe("cutting for a preview", () => {
  it("never splits a character made of several code points, and leaves short text alone", () => {
    const family = "👨‍👩‍👧";
    const shown = cutForPreview(`${family.repeat(10)}`, 5);
    expect(shown.text).toBe(`${family.repeat(4)}…`);
    expect(shown.cut).toBe(true);
    expect(cutForPreview("Short  headline", 70)).toEqual({ text: "Short headline", full: "Short headline", cut: false, maxChars: 70 });
  });
});

describe("the desk's card route", () => {
  it("answers a draft's card as an image, never stored by a cache", async () => {
    const res = await desk.get("/desk/articles/previews-bad/card");
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("image/png");
    expect(res.headers.get("Cache-Control")).toBe("no-store");
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(Number(res.headers.get("Content-Length"))).toBe(bytes.byteLength);
    // The public card route does not serve drafts: the desk's does not depend on it.
    const publicCard = await SELF.fetch("https://news.example/cards/previews-bad.png", { redirect: "manual" });
    expect(publicCard.status).toBe(404);
  });

  it("gives a 404 desk page for an unknown slug, on the article page and the card", async () => {
    for (const path of ["/desk/articles/no-such-article", "/desk/articles/no-such-article/card"]) {
      const res = await desk.get(path);
      expect(res.status, path).toBe(404);
      expect(new DeskPage(await res.text()).heading(1)).toEqual(["No such article"]);
    }
  });

  it("sends a signed-out request to the sign-in form", async () => {
    for (const path of ["/desk/articles/previews-bad", "/desk/articles/previews-bad/card"]) {
      const res = await new DeskClient().get(path);
      expect(res.status, path).toBe(303);
      expect(res.headers.get("Location")).toBe("/desk/sign-in");
    }
  });
});
