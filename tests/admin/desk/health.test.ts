import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { type DefaultTreeAdapterMap, parse as parseHtml } from "parse5";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { checkFeedText } from "../../../src/admin/desk/health/feed-health";
import { type AppDeps, createApp } from "../../../src/app/create-app";
import { articleCardKey, articleCardVersion } from "../../../src/cards/cards";
import { message } from "../../../src/publish/jobs";
import { siteConfig } from "../../../src/site/config";
import { failingR2 } from "../../faults";
import purgeSuccess from "../../fixtures/cloudflare/purge-success.json?raw";
import { adminApi, htmlArticleInput, TOKEN } from "../../helpers";
import { deliverAll, HeldQueue } from "../../publish-queue";
import { DeskClient } from "./desk-client";

// The desk's publishing health (/desk/health): feeds parsed strictly, WebSub hubs' last pings,
// the publish queue's failures, recent share cards, and the three actions on an article.

const HUBS = "https://hub.example/, https://down-hub.example/, https://new-hub.example/";

let desk: DeskClient;
let csrf: string;
const queue = new HeldQueue();
const given = (hubs = HUBS): Cloudflare.Env => ({ ...env, WEBSUB_HUBS: hubs, PUBLISH_QUEUE: queue as unknown as Queue });

/** A request through the app with the signed-in desk's cookies and a held publish queue; returns after its waitUntil work. */
interface CallOptions {
  fields?: Record<string, string>;
  /** Bindings over the held queue's. */
  bindings?: Partial<Cloudflare.Env>;
  app?: AppDeps;
}

async function call(method: string, path: string, init: CallOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { Cookie: desk.cookieHeader() };
  let body: string | undefined;
  if (init.fields) {
    headers["Content-Type"] = "application/x-www-form-urlencoded";
    body = new URLSearchParams(init.fields).toString();
  }
  const ctx = createExecutionContext();
  const res = await createApp(init.app).fetch(
    new Request(`https://news.example${path}`, { method, headers, body, redirect: "manual" }),
    { ...given(), ...init.bindings },
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return res;
}

/**
 * An article stored through the admin API; its publish jobs stay held until delivered. No hubs
 * for the write: its pings are not what these tests look at, and no hub is reachable.
 */
async function putHeld(slug: string, input: Record<string, unknown>): Promise<{ id: string; slug: string; contentHash: string }> {
  const ctx = createExecutionContext();
  const answer = await createApp().fetch(
    new Request(`https://news.example/api/articles/${slug}`, {
      method: "PUT",
      headers: { Authorization: `Bearer ${TOKEN}`, "Content-Type": "application/json" },
      body: JSON.stringify(input),
    }),
    given(""),
    ctx,
  );
  await waitOnExecutionContext(ctx);
  expect(answer.status, await answer.clone().text()).toBeLessThan(300);
  return (await answer.json<{ article: { id: string; slug: string; contentHash: string } }>()).article;
}

const settle = () => deliverAll(queue, { ...given(), DB: env.DB });
const healthPage = async () => {
  const res = await call("GET", "/desk/health");
  expect(res.status).toBe(200);
  return res.text();
};

type Node = DefaultTreeAdapterMap["node"];
const childrenOf = (node: Node): Node[] => ("childNodes" in node ? node.childNodes : []);
function textOf(node: Node): string {
  if (node.nodeName === "#text") return (node as DefaultTreeAdapterMap["textNode"]).value;
  return childrenOf(node).map(textOf).join("");
}
function elements(node: Node, name: string): DefaultTreeAdapterMap["element"][] {
  const found = node.nodeName === name ? [node as DefaultTreeAdapterMap["element"]] : [];
  return [...found, ...childrenOf(node).flatMap((child) => elements(child, name))];
}

/** The rows of the table under the section headed `heading`, each as its cells' text (whitespace collapsed). */
function tableRows(html: string, heading: string): string[][] {
  const section = elements(parseHtml(html), "section").find((s) => elements(s, "h2").some((h) => textOf(h) === heading));
  if (!section) throw new Error(`no section "${heading}"`);
  return elements(section, "tr").map((row) =>
    childrenOf(row)
      .filter((cell) => cell.nodeName === "td" || cell.nodeName === "th")
      .map((cell) => textOf(cell).replace(/\s+/g, " ").trim()),
  );
}
const rowOf = (rows: string[][], first: string) => rows.find((row) => row[0] === first);

const WRITER = { name: "Health Writer" };
const SECTION = "Health Desk";

beforeAll(async () => {
  desk = await new DeskClient().signIn();
  csrf = await desk.csrf();
  await putHeld("health-one", htmlArticleInput({ title: "Health one", authors: [WRITER], section: SECTION }));
  await putHeld(
    "health-two",
    htmlArticleInput({ title: "Health two", authors: [WRITER], section: SECTION, publishedAt: "2024-05-02T09:00:00Z" }),
  );
  await putHeld("health-draft", htmlArticleInput({ title: "Health draft", authors: [WRITER], section: SECTION, status: "draft" }));
  queue.held = [];
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe("feeds", () => {
  it("lists the site's, the author's and the category's feeds in each format, with their items, as parsing", async () => {
    const rows = tableRows(await healthPage(), "Feeds");
    for (const format of ["RSS", "Atom", "JSON Feed"]) {
      // Two published, the draft in no feed.
      expect(rowOf(rows, `Author: Health Writer, ${format}`)).toEqual([
        `Author: Health Writer, ${format}`,
        expect.stringMatching(/UTC$/),
        "2 of 2",
        "parses",
      ]);
      expect(rowOf(rows, `Category: Health Desk, ${format}`)?.slice(2)).toEqual(["2 of 2", "parses"]);
      expect(rowOf(rows, `Site, ${format}`)?.[3]).toBe("parses");
    }
    const html = await healthPage();
    expect(html).toContain('href="https://news.example/authors/health-writer/feed.json"');
  });

  it("says what a strict parser finds wrong in broken feed bytes", () => {
    expect(checkFeedText("rss", '<rss version="2.0"><channel><item></channel></rss>')).toEqual({
      error: expect.stringContaining("unexpected close tag"),
    });
    expect(checkFeedText("atom", '<feed xmlns="http://www.w3.org/2005/Atom"><entry><dc:creator>x</dc:creator></entry></feed>')).toEqual({
      error: expect.stringContaining("unbound namespace prefix"),
    });
    expect(checkFeedText("atom", "<feed><entry/></feed>")).toEqual({ error: "the root element is not an Atom <feed>" });
    expect(checkFeedText("json", '{"version":"https://jsonfeed.org/version/1.1","title":"t","items":[{"id":"1"}]}')).toEqual({
      error: "item 1 has no string id, or neither content_html nor content_text",
    });
    expect(checkFeedText("json", '{"version": "https://jsonfeed.org/version/1.1",')).toEqual({ error: expect.stringContaining("JSON") });
    expect(checkFeedText("rss", '<rss version="2.0"><channel><item/><item/></channel></rss>')).toEqual({ items: 2 });
  });
});

describe("hubs and the publish queue", () => {
  it("shows each hub's last ping (ok, the hub's error, or none yet) and the failed jobs", async () => {
    vi.spyOn(globalThis, "fetch").mockImplementation(async (input) => {
      const url = new Request(input).url;
      // Recorded answers: a hub acknowledges with 204 No Content; the other is down.
      return url === "https://hub.example/" ? new Response(null, { status: 204 }) : new Response("Service Unavailable", { status: 503 });
    });
    const topics = ["https://news.example/feed.xml"];
    await queue.sendBatch([
      { body: message({ kind: "ping", hub: "https://hub.example/", topics }) },
      { body: message({ kind: "ping", hub: "https://down-hub.example/", topics }) },
    ]);
    vi.spyOn(console, "error").mockImplementation(() => {});
    await settle();

    const html = await healthPage();
    const rows = tableRows(html, "WebSub hubs");
    expect(rowOf(rows, "https://hub.example/")).toEqual([
      "https://hub.example/",
      expect.stringMatching(/UTC$/),
      "ok",
      "1",
      expect.stringMatching(/UTC$/),
    ]);
    expect(rowOf(rows, "https://down-hub.example/")?.slice(2, 5)).toEqual([
      "failed: Error: WebSub hub https://down-hub.example/ answered 503 for 1 feed(s)",
      "1",
      "—",
    ]);
    expect(rowOf(rows, "https://new-hub.example/")?.slice(1, 3)).toEqual(["—", "not pinged yet"]);
    // The down hub's job was tried six times and dead-lettered.
    expect(html).toContain("0 jobs being retried, 1 dead-lettered");
    const failure = rows.find((row) => row[1] === "ping" && row[5] === "dead-lettered");
    expect(failure?.[3]).toContain("answered 503");
    expect(html).toContain("POST /api/publish/failures/:jobId/retry");
  });
});

/** The R2 record of an article's current share card. */
async function storedCard(article: { id: string; contentHash: string }) {
  const site = siteConfig(given());
  return env.CARDS.head(articleCardKey(article, await articleCardVersion(article, site), "og", "image/png"));
}

describe("share cards and the actions", () => {
  it("shows a card as not rendered, then rendered with its size and time", async () => {
    const article = await putHeld("health-card", htmlArticleInput({ title: "Health card", authors: [WRITER] }));
    const before = rowOf(tableRows(await healthPage(), "Share cards"), "Health card");
    expect(before?.slice(1, 4)).toEqual(["not rendered view card", "—", "—"]);
    await settle();
    const stored = await storedCard(article);
    expect(stored).not.toBeNull();
    const after = rowOf(tableRows(await healthPage(), "Share cards"), "Health card");
    expect(after?.slice(1, 4)).toEqual([
      "rendered view card",
      expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d UTC$/),
      `${((stored?.size ?? 0) / 1024).toFixed(1)} KB`,
    ]);
    // Drafts are not listed.
    expect(rowOf(tableRows(await healthPage(), "Share cards"), "Health draft")).toBeUndefined();
    // The first card drawn in a file loads the renderer's wasm: slow on a shared machine.
  }, 30_000);

  it("re-renders a card: the stored one is deleted, then drawn again", async () => {
    const article = await putHeld("health-redraw", htmlArticleInput({ title: "Health redraw" }));
    await settle();
    const first = await storedCard(article);
    expect(first).not.toBeNull();

    const res = await call("POST", "/desk/articles/health-redraw/rerender-card", { fields: { csrf } });
    expect(res.status).toBe(303);
    expect(res.headers.get("Location")).toBe("/desk/health?done=card-queued&slug=health-redraw");
    expect(await storedCard(article)).toBeNull();
    expect(queue.bodies().filter((job) => job.kind === "render-card")).toEqual([expect.objectContaining({ slug: "health-redraw" })]);
    await settle();
    const again = await storedCard(article);
    expect(again?.uploaded.getTime()).toBeGreaterThan(first?.uploaded.getTime() ?? Number.POSITIVE_INFINITY);

    const page = await call("GET", res.headers.get("Location") ?? "");
    expect(await page.text()).toContain(
      '<p class="flash" role="status">The stored share card of “Health redraw” was deleted and is queued to be drawn again, under the same URL: platforms that cached the old image show it until they fetch it again.</p>',
    );
  });

  it("purges the article's page and feeds from this data centre's cache", async () => {
    const keys = ["https://news.example/articles/health-one", "https://news.example/authors/health-writer/feed.xml"];
    for (const key of keys) await caches.default.put(key, new Response("an old copy", { headers: { "Cache-Control": "max-age=60" } }));
    for (const key of keys) expect(await caches.default.match(key), key).toBeDefined();

    const res = await call("POST", "/desk/articles/health-one/purge?back=article", { fields: { csrf } });
    expect(res.status).toBe(303);
    expect(res.headers.get("Location")).toBe("/desk/articles/health-one?done=purge-here&slug=health-one");
    for (const key of keys) expect(await caches.default.match(key), key).toBeUndefined();
  });

  it("without a queue, draws the card at once and purges every data centre through the desk's fetcher", async () => {
    const article = await putHeld("health-inline", htmlArticleInput({ title: "Health inline", authors: [WRITER], section: SECTION }));
    queue.held = [];
    const noQueue = { PUBLISH_QUEUE: undefined, PURGE_ZONE_ID: "0123456789abcdef0123456789abcdef", PURGE_API_TOKEN: "purge-token-0123" };
    const purged: string[] = [];
    const fetcher = async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(input, init);
      expect(request.url).toBe("https://api.cloudflare.com/client/v4/zones/0123456789abcdef0123456789abcdef/purge_cache");
      purged.push(...(await request.json<{ files: string[] }>()).files);
      // A recorded answer of Cloudflare's purge API.
      return new Response(purgeSuccess, { headers: { "Content-Type": "application/json" } });
    };
    const options = { fields: { csrf }, bindings: noQueue, app: { desk: { fetcher } } };

    const drawn = await call("POST", "/desk/articles/health-inline/rerender-card", options);
    expect(drawn.headers.get("Location")).toBe("/desk/health?done=card-drawn&slug=health-inline");
    expect(await storedCard(article)).not.toBeNull();
    const cardUrl = `https://news.example/cards/health-inline.png?v=${await articleCardVersion(article, siteConfig(given()))}`;
    // The old drawing's cached copies went everywhere with it.
    expect(purged).toContain(cardUrl);
    purged.length = 0;

    const res = await call("POST", "/desk/articles/health-inline/purge", options);
    expect(res.headers.get("Location")).toBe("/desk/health?done=purge-everywhere&slug=health-inline");
    for (const url of [
      "https://news.example/articles/health-inline",
      "https://news.example/",
      "https://news.example/authors/health-writer",
      "https://news.example/categories/health-desk/atom.xml",
      cardUrl,
    ]) {
      expect(purged, url).toContain(url);
    }
    expect(queue.held).toEqual([]);
  }, 30_000);

  it("purges the feeds a deleted article was in: the case of a purge lost after the delete", async () => {
    await putHeld("health-gone", htmlArticleInput({ title: "Health gone", authors: [WRITER], section: SECTION }));
    expect((await adminApi("DELETE", "/health-gone")).status).toBe(200);
    queue.held = [];
    const keys = [
      "https://news.example/feed.xml",
      "https://news.example/authors/health-writer/atom.xml",
      "https://news.example/categories/health-desk/feed.json",
    ];
    for (const key of keys)
      await caches.default.put(key, new Response("a copy still listing it", { headers: { "Cache-Control": "max-age=60" } }));
    const res = await call("POST", "/desk/articles/health-gone/purge", { fields: { csrf } });
    expect(res.headers.get("Location")).toBe("/desk/health?done=purge-here&slug=health-gone");
    // What the local purge leaves to the queue is held there: deliver it as the queue would.
    await deliverAll(queue, given());
    for (const key of keys) expect(await caches.default.match(key), key).toBeUndefined();
  }, 30_000);

  it("says so when drawing the card again fails, instead of claiming it was drawn", async () => {
    const broken = { PUBLISH_QUEUE: undefined, CARDS: failingR2(env.CARDS, ["put"]) };
    const res = await call("POST", "/desk/articles/health-one/rerender-card?back=article", { fields: { csrf }, bindings: broken });
    expect(res.headers.get("Location")).toBe("/desk/articles/health-one?done=card-failed&slug=health-one");
    const page = await (await call("GET", "/desk/articles/health-one?done=card-failed&slug=health-one")).text();
    expect(page).toContain("was deleted, but drawing it again failed");
    // The article's desk page carries the three actions, each coming back to it.
    expect(page).toContain('action="/desk/articles/health-one/purge?back=article"');
    expect(page).toContain('action="/desk/articles/health-one/rerender-card?back=article"');
    expect(page).toContain('action="/desk/articles/health-one/reannounce?back=article"');
  }, 30_000);

  it("re-announces the article's feeds to every hub", async () => {
    queue.held = [];
    const res = await call("POST", "/desk/articles/health-two/reannounce?back=https://evil.example/", { fields: { csrf } });
    expect(res.status).toBe(303);
    // Only the desk's own pages: an address given in the request is never followed.
    expect(res.headers.get("Location")).toBe("/desk/health?done=announced&slug=health-two");
    const pings = queue.bodies<{ kind: string; hub: string; topics: string[] }>();
    expect(pings.map((ping) => ping.hub)).toEqual(["https://hub.example/", "https://down-hub.example/", "https://new-hub.example/"]);
    const feeds = ["", "/authors/health-writer", "/categories/health-desk"].flatMap((folder) =>
      ["feed.xml", "atom.xml", "feed.json"].map((file) => `https://news.example${folder}/${file}`),
    );
    for (const ping of pings) expect(ping.topics.sort()).toEqual(feeds.sort());
    queue.held = [];

    const draft = await call("POST", "/desk/articles/health-draft/reannounce", { fields: { csrf } });
    expect(draft.headers.get("Location")).toBe("/desk/health?done=announce-no-feeds&slug=health-draft");
    expect(queue.held).toEqual([]);
  });

  it("refuses an action without the CSRF token and changes nothing; an unknown slug is a 404", async () => {
    const article = await putHeld("health-guarded", htmlArticleInput({ title: "Health guarded" }));
    await settle();
    const card = await storedCard(article);
    const key = "https://news.example/articles/health-guarded";
    await caches.default.put(key, new Response("kept", { headers: { "Cache-Control": "max-age=60" } }));
    queue.held = [];

    for (const action of ["rerender-card", "purge", "reannounce"]) {
      const res = await call("POST", `/desk/articles/health-guarded/${action}`, { fields: {} });
      expect(res.status, action).toBe(403);
      const forged = await call("POST", `/desk/articles/health-guarded/${action}`, { fields: { csrf: "0".repeat(64) } });
      expect(forged.status, action).toBe(403);
    }
    expect(queue.held).toEqual([]);
    expect((await storedCard(article))?.uploaded).toEqual(card?.uploaded);
    expect(await (await caches.default.match(key))?.text()).toBe("kept");

    const unknown = await call("POST", "/desk/articles/no-such-story/purge", { fields: { csrf } });
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain("No such article");
  });
});
