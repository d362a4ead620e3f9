import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/app/create-app";
import { SHARE_BAR_SCRIPT } from "../../src/share/assets";
import { adminApi, htmlArticleInput, renameArticle, request, seedArticleInput } from "../helpers";

const SEED = "iraqi-prime-minister-survives-drone-attack";
const READER =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1";

async function fetchWith(path: string, init: RequestInit = {}, bindings: Record<string, unknown> = {}) {
  const ctx = createExecutionContext();
  const res = await createApp().fetch(new Request(`https://herald.test${path}`, init), { ...env, ...bindings }, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

/** The share bars of a page, as the runtime's HTML parser sees them. */
async function bars(res: Response) {
  const found: { links: Record<string, string>[]; buttons: Record<string, string>[] }[] = [];
  await new HTMLRewriter()
    .on("nav.hs", { element: () => void found.push({ links: [], buttons: [] }) })
    .on("nav.hs a", { element: (el) => void found.at(-1)?.links.push(Object.fromEntries([...el.attributes])) })
    .on("nav.hs button", { element: (el) => void found.at(-1)?.buttons.push(Object.fromEntries([...el.attributes])) })
    .transform(res)
    .arrayBuffer();
  return found;
}

beforeAll(async () => {
  expect((await adminApi("PUT", `/${SEED}`, seedArticleInput())).status).toBe(201);
});

describe("the share bar on a page", () => {
  it("stands where the shortcode stood, with every default network, named for assistive technology", async () => {
    const html = await (await request(`/articles/${SEED}`)).text();
    expect(html).not.toMatch(/elfsight|herald-share/i);
    // Right after the byline's paragraph opens the body: exactly where the shortcode was.
    expect(html).toMatch(/<div class="body"><nav class="hs hs-brand hs-icon hs-inline" aria-label="Share this article">/);
    const [bar, ...others] = await bars(await request(`/articles/${SEED}`));
    expect(others).toEqual([]);
    expect(bar?.links.map((l) => l.href)).toEqual(
      ["facebook", "x", "linkedin", "whatsapp", "telegram", "reddit", "bluesky", "threads", "mastodon", "email"].map(
        (id) => `https://news.example/share/${SEED}/${id}`,
      ),
    );
    const x = bar?.links.find((l) => l.href?.endsWith("/x"));
    expect(x).toMatchObject({ rel: "nofollow noopener", target: "_blank", "aria-label": "Share on X, opens in a new window" });
    expect(bar?.links.find((l) => l.href?.endsWith("/email"))).toMatchObject({ "aria-label": "Share on Email" });
    expect(bar?.buttons.map((b) => [b["data-hs"], b["data-url"], b["aria-label"]])).toEqual([
      ["copy", `https://news.example/articles/${SEED}`, "Copy link"],
      ["share", `https://news.example/articles/${SEED}`, "Share"],
    ]);
    // Hidden (with their list items) until the script finds the browser can copy or share.
    expect(html).toContain('<li hidden=""><button type="button" class="hs-copy" data-hs="copy"');
    expect(html).toContain('<p class="hs-live" role="status" aria-live="polite"></p></nav>');
    expect(html).toContain('<svg aria-hidden="true" focusable="false"><use href="#hs-x"></use></svg>');
    expect(html).toContain('<symbol id="hs-x" viewBox="0 0 24 24">');
  });

  it("makes no request to another host and stays within its byte budget", async () => {
    const html = await (await request(`/articles/${SEED}`)).text();
    const start = html.indexOf('<nav class="hs');
    const bar = html.slice(start, html.indexOf("</nav>", start) + 6);
    const assets = html.slice(html.indexOf("<style>.hs{"), html.indexOf(`${SHARE_BAR_SCRIPT}</script>`) + SHARE_BAR_SCRIPT.length + 9);
    expect(assets).toContain("<svg");
    for (const part of [bar, assets]) expect(part).not.toMatch(/\s(src|srcset)=|url\(|@import|https?:\/\/(?!news\.example)[^"]*"/);
    const added = new TextEncoder().encode(bar + assets);
    const gzipped = await new Response(new Blob([added]).stream().pipeThrough(new CompressionStream("gzip"))).arrayBuffer();
    console.log(`share bar adds ${added.byteLength} bytes, ${gzipped.byteLength} gzip`);
    expect(added.byteLength).toBeLessThanOrEqual(12 * 1024);
    expect(gzipped.byteLength).toBeLessThanOrEqual(4 * 1024);
  });

  it("goes to the configured position in an article without the shortcode", async () => {
    for (const [position, slug] of [
      ["bottom", "pos-bottom"],
      ["top", "pos-top"],
      ["both", "pos-both"],
      ["none", "pos-none"],
    ] as const) {
      await adminApi("PUT", `/${slug}`, htmlArticleInput({ bodyHtml: "<p>Only paragraph.</p>" }));
      const html = await (await fetchWith(`/articles/${slug}`, {}, { SHARE_POSITION: position })).text();
      const body = html.slice(html.indexOf('<div class="body">'), html.indexOf("</article>"));
      const count = body.split('aria-label="Share this article').length - 1;
      expect(count, position).toBe({ bottom: 1, top: 1, both: 2, none: 0 }[position]);
      // Two landmarks on one page get two names.
      if (position === "both") expect(body).toContain('aria-label="Share this article (2)"');
      if (position === "top") expect(body.indexOf("<nav")).toBeLessThan(body.indexOf("Only paragraph"));
      if (position === "bottom") expect(body.indexOf("<nav")).toBeGreaterThan(body.indexOf("Only paragraph"));
      if (position === "none") expect(html).not.toContain("hs-x");
    }
  });

  it("links straight to the platforms in direct mode", async () => {
    await adminApi("PUT", "/direct-mode", htmlArticleInput({ title: "Q&A #1" }));
    const [bar] = await bars(await fetchWith("/articles/direct-mode", {}, { SHARE_MODE: "direct" }));
    expect(bar?.links[0]?.href).toBe(
      `https://www.facebook.com/sharer/sharer.php?u=${encodeURIComponent("https://news.example/articles/direct-mode")}`,
    );
    expect(bar?.links.find((l) => l.href?.includes("x.com"))?.href).toContain(`text=${encodeURIComponent("Q&A #1")}`);
    // Mastodon still needs Herald's form.
    expect(bar?.links.find((l) => l.href?.includes("mastodon"))?.href).toBe("https://news.example/share/direct-mode/mastodon");
  });

  it("uses only the configured networks, in their order, and refuses unknown ids", async () => {
    await adminApi("PUT", "/configured", htmlArticleInput());
    const [bar] = await bars(await fetchWith("/articles/configured", {}, { SHARE_NETWORKS: "hackernews,pinterest,print" }));
    expect(bar?.links.map((l) => l.href?.split("/").at(-1))).toEqual(["hackernews", "pinterest"]);
    expect(bar?.buttons.map((b) => b["data-hs"])).toEqual(["print"]);
    const bad = await fetchWith("/", {}, { SHARE_NETWORKS: "facebook,pocket" });
    expect(bad.status).toBe(500);
    expect((await bad.json<{ details: string[] }>()).details[0]).toMatch(/^SHARE_NETWORKS must be a comma-separated list of: facebook, x/);
  });
});

describe("feeds", () => {
  it("carry a plain row of links where the shortcode stood, and nothing elsewhere", async () => {
    await adminApi("PUT", "/no-shortcode", htmlArticleInput({ publishedAt: "2026-05-01", bodyHtml: "<p>Plain.</p>" }));
    // ?limit= keeps this file's feeds out of the edge cache, which all test files share.
    const json = await (await request("/feed.json?limit=50")).json<{ items: { url: string; content_html: string }[] }>();
    const seed = json.items.find((i) => i.url.endsWith(SEED));
    const plain = json.items.find((i) => i.url.endsWith("/no-shortcode"));
    expect(seed?.content_html).toMatch(
      /^<p>Share: <a href="https:\/\/news\.example\/share\/[^"]+\/facebook" rel="nofollow noopener">Facebook<\/a> · /,
    );
    expect(seed?.content_html).not.toMatch(/<script|<style|<button|<svg|elfsight/i);
    expect(plain?.content_html).toBe("<p>Plain.</p>");
    for (const path of ["/feed.xml?limit=50", "/atom.xml?limit=50", "/feed.json?limit=50"])
      expect(await (await request(path)).text()).not.toMatch(/elfsight/i);
  });
});

describe("/share/:slug/:network", () => {
  it("answers 302 to the platform's intent, never cached or indexed", async () => {
    const res = await request(`/share/${SEED}/x`, { redirect: "manual", headers: { "User-Agent": READER } });
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get("Location") ?? "");
    expect(location.origin + location.pathname).toBe("https://x.com/intent/tweet");
    expect(location.searchParams.get("url")).toBe(`https://news.example/articles/${SEED}`);
    expect(location.searchParams.get("text")).toBe("Iraqi prime minister survives drone attack on his Baghdad residence");
    expect(res.headers.get("X-Robots-Tag")).toBe("noindex, nofollow");
    expect(res.headers.get("Cache-Control")).toBe("no-store");
  });

  it("answers the email share of a body in astral characters, whose summary is cut between characters", async () => {
    // Found by tests/properties: the summary was cut inside a surrogate pair, and
    // encodeURIComponent threw on the lone half: a 500.
    const body = "𐀀".repeat(150);
    expect((await adminApi("PUT", "/astral-summary", htmlArticleInput({ bodyHtml: `<p>${body}</p>` }))).status).toBe(201);
    const res = await request("/share/astral-summary/email", { redirect: "manual" });
    expect(res.status).toBe(302);
    const mail = new URL(res.headers.get("Location") ?? "");
    expect(mail.searchParams.get("body")).toBe(`${"𐀀".repeat(99)}…\n\nhttps://news.example/articles/astral-summary`);
  });

  it("follows a renamed article, so share links in older feed items keep working", async () => {
    await renameArticle("share-old", "share-new");
    const res = await request("/share/share-old/facebook", { redirect: "manual" });
    expect(res.status).toBe(301);
    expect(res.headers.get("Location")).toBe("https://news.example/share/share-new/facebook");
  });

  it("is 404 for unknown networks, disabled networks, buttons, unknown and unpublished articles", async () => {
    await adminApi("PUT", "/share-draft", htmlArticleInput({ status: "draft" }));
    for (const path of [
      `/share/${SEED}/myspace`,
      `/share/${SEED}/pinterest`,
      `/share/${SEED}/copy`,
      "/share/no-such-article/x",
      "/share/share-draft/x",
      "/share/Bad_Slug/x",
    ]) {
      const res = await request(path, { redirect: "manual" });
      expect(res.status, path).toBe(404);
      expect(res.headers.get("Cache-Control")).toBe("no-store");
      expect(res.headers.get("Location")).toBeNull();
    }
  });

  it("counts readers' taps, not crawlers or prefetches, and reports totals publicly", async () => {
    await adminApi("PUT", "/counted", htmlArticleInput());
    const tap = (network: string, headers: Record<string, string>) =>
      fetchWith(`/share/counted/${network}`, { headers, redirect: "manual" });
    await tap("facebook", { "User-Agent": READER });
    await tap("facebook", { "User-Agent": READER });
    await tap("x", { "User-Agent": READER });
    await tap("x", { "User-Agent": "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)" });
    await tap("x", { "User-Agent": "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)" });
    await tap("x", { "User-Agent": READER, "Sec-Purpose": "prefetch" });
    await tap("x", {});
    await fetchWith("/share/counted/x", { method: "HEAD", headers: { "User-Agent": READER } });
    const res = await request("/api/articles/counted/shares");
    expect(res.status).toBe(200);
    expect(res.headers.get("Cache-Control")).toBe("public, max-age=60");
    expect(await res.json()).toEqual({ slug: "counted", total: 3, networks: { facebook: 2, x: 1 } });
    const row = await env.DB.prepare("SELECT * FROM share_counts LIMIT 1").first<Record<string, unknown>>();
    expect(Object.keys(row ?? {}).sort()).toEqual(["article_id", "count", "day", "network"]);
    expect((await request("/api/articles/no-such-article/shares")).status).toBe(404);
  });

  it("shows the total in the bar when configured", async () => {
    await fetchWith("/share/counted/reddit", { headers: { "User-Agent": READER }, redirect: "manual" });
    await adminApi("PUT", "/counted", htmlArticleInput({ title: "Counted, again" }));
    const html = await (await fetchWith("/articles/counted", {}, { SHARE_COUNT: "on" })).text();
    expect(html).toContain('<li class="hs-n">4 shares</li>');
  });
});

describe("Mastodon", () => {
  const form = (instance: string, headers: Record<string, string> = { Origin: "https://news.example" }) =>
    request(`/share/${SEED}/mastodon`, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers },
      body: new URLSearchParams({ instance }),
    });

  it("asks for the reader's instance in a small form", async () => {
    const res = await request(`/share/${SEED}/mastodon`);
    expect(res.status).toBe(200);
    expect(res.headers.get("Cache-Control")).toBe("no-store");
    expect(res.headers.get("X-Robots-Tag")).toBe("noindex, nofollow");
    const html = await res.text();
    expect(html).toContain(`<form method="post" action="https://news.example/share/${SEED}/mastodon">`);
    expect(html).toContain('<label for="instance">Your Mastodon server</label>');
    expect(html).not.toMatch(/<script(?! type)/);
  });

  it("rejects anything but a host name, with a clear message", async () => {
    for (const input of [
      "evil.com/path",
      "javascript:alert(1)",
      "127.0.0.1",
      "[::1]",
      "",
      "http://mastodon.social",
      "user@mastodon.social",
      "localhost",
      "mastodon.social:8443",
      "evil.com?x=1",
      "evil.com#frag",
      // Past DNS's limits: 253 characters in all, 63 in a label.
      `${"a".repeat(60)}.`.repeat(5).concat("social"),
      `${"a".repeat(64)}.social`,
    ]) {
      const res = await form(input);
      expect(res.status, input).toBe(400);
      expect(res.headers.get("Location")).toBeNull();
      expect(res.headers.get("Set-Cookie")).toBeNull();
      expect(await res.text()).toContain("Enter your server’s name only, such as mastodon.social");
    }
  });

  it("sends the reader to their instance's share page and remembers it in a first-party cookie", async () => {
    const res = await form(" https://Mastodon.Social/ ");
    expect(res.status).toBe(302);
    expect(res.headers.get("Cache-Control")).toBe("no-store");
    expect(res.headers.get("X-Robots-Tag")).toBe("noindex, nofollow");
    const location = new URL(res.headers.get("Location") ?? "");
    expect(location.origin + location.pathname).toBe("https://mastodon.social/share");
    expect(location.searchParams.get("text")).toBe(
      `Iraqi prime minister survives drone attack on his Baghdad residence https://news.example/articles/${SEED}`,
    );
    expect(res.headers.get("Set-Cookie")).toMatch(
      /^herald_mastodon=mastodon\.social; Max-Age=31536000; Path=\/share\/; HttpOnly; Secure; SameSite=Lax$/,
    );

    // Next time the form is filled in with the remembered server.
    const again = await request(`/share/${SEED}/mastodon`, { headers: { Cookie: "herald_mastodon=mastodon.social" } });
    expect(again.status).toBe(200);
    expect(await again.text()).toContain('value="mastodon.social"');
    const forged = await request(`/share/${SEED}/mastodon`, { headers: { Cookie: "herald_mastodon=evil.com/path" } });
    expect(await forged.text()).not.toContain("evil.com");
  });

  it("turns international server names into their ASCII form", async () => {
    const res = await form("mastodön.social");
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")?.startsWith("https://xn--mastodn-f1a.social/share?text=")).toBe(true);
  });

  it("ignores a server named by another site (no cookie planting, no redirect)", async () => {
    const crossSite = await form("evil.example", { Origin: "https://evil.example" });
    expect(crossSite.status).toBe(403);
    expect(crossSite.headers.get("Set-Cookie")).toBeNull();
    expect(crossSite.headers.get("Location")).toBeNull();
    const viaQuery = await request(`/share/${SEED}/mastodon?instance=evil.example`, { redirect: "manual" });
    expect(viaQuery.status).toBe(200);
    expect(viaQuery.headers.get("Set-Cookie")).toBeNull();
  });
});

describe("robots.txt", () => {
  it("keeps crawlers out of /share/", async () => {
    expect(await (await request("/robots.txt")).text()).toContain("Disallow: /share/");
  });
});
