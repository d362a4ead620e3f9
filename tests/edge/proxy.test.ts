import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { parseDocument } from "htmlparser2";
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app/create-app";
import { answerFromMemory } from "../../src/app/hot-path";
import { parseStrictXml } from "../feeds/strict-xml";
import feedXml from "../fixtures/wordpress/theme/feed.xml?raw";
import homeHtml from "../fixtures/wordpress/theme/home.html?raw";
import plainPostHtml from "../fixtures/wordpress/theme/plain-post.html?raw";
import singlePostHtml from "../fixtures/wordpress/theme/single-post.html?raw";
import { adminWriteAndSettle, htmlArticleInput } from "../helpers";

// Edge mode (src/edge/proxy/): Herald in front of a WordPress origin. The origin is a recorded
// one: theme HTML as WordPress with Yoast serves it, answered by a fake outbound fetch.

const ORIGIN = "https://origin.test";
const edgeEnv = { ...env, ORIGIN_URL: ORIGIN };
/** The origin's own policy, as a hardened WordPress host sends it. */
const ORIGIN_CSP = "default-src 'self'; script-src 'self' 'unsafe-inline' https://static.elfsight.com; style-src 'self' 'unsafe-inline'";

type OriginRoute = (request: Request) => Response | Promise<Response>;

/** A recorded origin: answers by path, and remembers every request it got. */
function recordedOrigin(routes: Record<string, OriginRoute>) {
  const requests: Request[] = [];
  const fetcher = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    requests.push(request);
    const route = routes[new URL(request.url).pathname];
    return route ? route(request) : new Response("<!doctype html><title>Not found</title><p>Nothing here.", { status: 404, headers: HTML });
  }) as typeof fetch;
  return { fetcher, requests };
}

const HTML = { "Content-Type": "text/html; charset=UTF-8" };
const page =
  (html: string, headers: Record<string, string> = {}) =>
  () =>
    new Response(html, { headers: { ...HTML, "Content-Security-Policy": ORIGIN_CSP, ...headers } });

async function get(fetcher: typeof fetch, path: string, init: RequestInit = {}, bindings: Cloudflare.Env = edgeEnv) {
  const ctx = createExecutionContext();
  const res = await createApp({ origin: { fetcher, timeoutMs: 200 } }).fetch(
    new Request(`https://herald.test${path}`, init),
    bindings,
    ctx,
  );
  const body = await res.text();
  await waitOnExecutionContext(ctx);
  return { res, body };
}

/** A body as the origin's network might deliver it: in two chunks, cut at `cut`. */
function inTwoChunks(text: string, cut: number): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      controller.enqueue(encoder.encode(text.slice(0, cut)));
      controller.enqueue(encoder.encode(text.slice(cut)));
      controller.close();
    },
  });
}

const count = (haystack: string, needle: string) => haystack.split(needle).length - 1;

/** The share bars a reader sees: Herald's <nav class="hs …"> landmarks. */
function shareBars(html: string) {
  const document = parseDocument(html);
  const bars: { label: string; links: string[] }[] = [];
  const walk = (node: import("domhandler").ChildNode) => {
    if (node.type === "tag") {
      if (node.name === "nav" && node.attribs.class?.split(" ").includes("hs")) {
        const links: string[] = [];
        const collect = (n: import("domhandler").ChildNode) => {
          if (n.type === "tag") {
            if (n.name === "a" && n.attribs.href) links.push(n.attribs.href);
            n.children.forEach(collect);
          }
        };
        node.children.forEach(collect);
        bars.push({ label: node.attribs["aria-label"] ?? "", links });
      }
      node.children.forEach(walk);
    }
  };
  document.children.forEach(walk);
  return bars;
}

describe("edge mode: origin pages through Herald", () => {
  it("turns the leaked shortcode in each form, and the Elfsight embed, into the native share bar", async () => {
    const origin = recordedOrigin({ "/2021/11/07/leaked/": page(singlePostHtml) });
    const { res, body } = await get(origin.fetcher, "/2021/11/07/leaked/");
    expect(res.status).toBe(200);
    expect(res.headers.get("X-Herald-Cache")).toBe("MISS");

    // Entity-encoded in its own paragraph, curly quotes inside a sentence, the embed: three bars.
    // The one inside <code> is an example, left as it is.
    const bars = shareBars(body);
    expect(bars).toHaveLength(3);
    expect(body.replace(/<code>\[elfsight_social_share_buttons id="1"\]<\/code>/, "")).not.toMatch(/elfsight_social_share_buttons/);
    expect(body).toContain('<code>[elfsight_social_share_buttons id="1"]</code>');
    expect(body).toContain("<p>Share it: ");
    expect(body).toContain(" and read on.</p>");
    // Herald holds no article for this page: links go straight to each platform, for the page's canonical URL.
    const permalink = "https://news.example/2021/11/07/iraqi-prime-minister-survives-drone-attack/";
    expect(bars[0]?.links).toContain(`https://www.facebook.com/sharer/sharer.php?u=${encodeURIComponent(permalink)}`);
    expect(bars[0]?.links.some((href) => href.startsWith("https://news.example/share/"))).toBe(false);

    // Elfsight is gone: no container, no platform.js, no preconnect to its hosts.
    expect(body).not.toMatch(/elfsight-app-|platform\.js|core\.service\.elfsight\.com|static\.elfsight\.com/);
    // The bar's assets, once, as files of Herald's.
    expect(count(body, 'rel="stylesheet" href="https://news.example/_herald/share-bar.css?v=')).toBe(1);
    expect(count(body, 'src="https://news.example/_herald/share-bar.js?v=')).toBe(1);
  });

  it("leaves the theme alone: its CSS, scripts and Content-Security-Policy stay, and Herald's policy is not imposed", async () => {
    const origin = recordedOrigin({ "/2021/11/07/theme/": page(singlePostHtml) });
    const { res, body } = await get(origin.fetcher, "/2021/11/07/theme/");
    expect(res.headers.get("Content-Security-Policy")).toBe(ORIGIN_CSP);
    expect(res.headers.get("X-Frame-Options")).toBeNull();
    expect(body).toContain(
      "<link rel='stylesheet' id='twentytwentyone-style-css' href='https://news.example/wp-content/themes/twentytwentyone/style.css?ver=1.9' media='all' />",
    );
    expect(body).toContain(
      "document.write( '<script src=\"https://news.example/wp-content/themes/twentytwentyone/assets/js/polyfills.js\"></scr' + 'ipt>' )",
    );
    expect(body).toContain(
      '<script id="twentytwentyone-primary-navigation-script-js" src="https://news.example/wp-content/themes/twentytwentyone/assets/js/primary-navigation.js?ver=1.9"></script>',
    );
  });

  it("keeps Yoast's tags, never repeats one, and adds only what is missing", async () => {
    const origin = recordedOrigin({ "/2021/11/07/yoast/": page(singlePostHtml) });
    const { body } = await get(origin.fetcher, "/2021/11/07/yoast/");
    for (const tag of [
      'property="og:title"',
      'property="og:image"',
      'property="og:url"',
      'name="twitter:card"',
      'property="og:image:width"',
    ]) {
      expect(count(body, tag)).toBe(1);
    }
    // Yoast's featured photo stays the preview image, for X too (which falls back to og:image):
    // no site card beside it. Herald adds the Twitter tags Yoast left out.
    expect(body).toContain('<meta property="og:image" content="https://news.example/wp-content/uploads/2021/11/baghdad.jpg" />');
    expect(body).not.toContain("twitter:image");
    expect(body).not.toContain("site-card.png");
    expect(count(body, 'name="twitter:title"')).toBe(1);
    expect(body).toContain('<meta name="twitter:title" content="Iraqi prime minister survives drone attack on his Baghdad residence"');
    // Yoast's graph already says Article: no second JSON-LD.
    expect(count(body, "application/ld+json")).toBe(1);
  });

  it("a post without the shortcode gets the bar at SHARE_POSITION inside its content, and the tags it lacks", async () => {
    const origin = recordedOrigin({ "/2021/11/09/markets-steady/": page(plainPostHtml) });
    const { body } = await get(origin.fetcher, "/2021/11/09/markets-steady/");
    const bars = shareBars(body);
    expect(bars).toHaveLength(1);
    // At the bottom of .entry-content: after the last paragraph, before the content's end.
    expect(body).toMatch(
      /<p>Oil slipped for a third day\.<\/p>\s*<link rel="stylesheet"[^>]*>.*<nav class="hs[^"]*" aria-label="Share this article">.*<\/nav>\s*<\/div>\s*<\/article>/s,
    );
    // Tags from the page's own title, description and canonical URL, and Herald's site card.
    const head = body.slice(0, body.indexOf("</head>"));
    expect(head).toContain('<meta property="og:title" content="Markets steady as talks resume &amp; oil slips – FISM News"/>');
    expect(head).toContain('<meta property="og:url" content="https://news.example/2021/11/09/markets-steady/"/>');
    expect(head).toContain('<meta property="og:description" content="Stocks held their ground on Tuesday."/>');
    expect(head).toMatch(/<meta property="og:image" content="https:\/\/news\.example\/site-card\.png\?v=[0-9a-f]+"\/>/);
    expect(head).not.toContain("theme-color");
    // The share link carries the decoded title, once encoded.
    const x = bars[0]?.links.find((href) => href.startsWith("https://x.com/"));
    expect(x && new URL(x).searchParams.get("text")).toBe("Markets steady as talks resume & oil slips – FISM News");
  });

  it("takes the share text from the page's own <title>, whole, never from an icon's", async () => {
    const html =
      '<!doctype html><html><head><title>Prefix words [x] tail &amp; more</title></head><body class="single"><svg><title>Search icon</title></svg><div class="entry-content"><p>Text.</p></div></body></html>';
    const cut = html.indexOf("[x]") + 1;
    const origin = recordedOrigin({ "/titled/": () => new Response(inTwoChunks(html, cut), { headers: HTML }) });
    const { body } = await get(origin.fetcher, "/titled/");
    expect(body).toContain('<meta property="og:title" content="Prefix words [x] tail &amp; more"/>');
    const x = shareBars(body)[0]?.links.find((href) => href.startsWith("https://x.com/"));
    expect(x && new URL(x).searchParams.get("text")).toBe("Prefix words [x] tail & more");
  });

  it("leaves the Elfsight apps the publisher keeps (ELFSIGHT_KEEP_APPS), and Elfsight's script for them", async () => {
    const reviews = "5d1b0f3c-2a6e-4c2e-9a57-3b8f0d1e2c4a";
    const origin = recordedOrigin({
      "/2021/11/07/kept-apps/": page(singlePostHtml.replace("</article>", `<div class="elfsight-app-${reviews}"></div></article>`)),
    });
    const { body } = await get(origin.fetcher, "/2021/11/07/kept-apps/", {}, { ...edgeEnv, ELFSIGHT_KEEP_APPS: reviews.toUpperCase() });
    expect(body).toContain(`<div class="elfsight-app-${reviews}"></div>`);
    expect(body).toContain("https://static.elfsight.com/platform/platform.js");
    // The share widget's container still becomes the bar.
    expect(body).not.toContain("elfsight-app-0f3c2a6e");
    expect(shareBars(body)).toHaveLength(3);
  });

  it("lists (the home page) get no bar: only a single post's content does", async () => {
    const origin = recordedOrigin({ "/": page(homeHtml) });
    const { body } = await get(origin.fetcher, "/");
    expect(shareBars(body)).toHaveLength(0);
    expect(body).not.toContain("share-bar.css");
  });

  it("finds the shortcode when the origin's chunks split it anywhere", async () => {
    const html =
      '<!doctype html><html><head><title>T</title></head><body class="single"><div class="entry-content"><p>Before.</p><p>[elfsight_social_share_buttons id=&#8221;1&#8243;]</p><p>After.</p></div></body></html>';
    const splitAt = html.indexOf("[elfsight") + 9;
    for (const cut of [html.indexOf("[elfsight"), splitAt, html.indexOf("&#8243;") + 3, html.indexOf("]</p>")]) {
      const origin = recordedOrigin({ [`/split-${cut}/`]: () => new Response(inTwoChunks(html, cut), { headers: HTML }) });
      const { body } = await get(origin.fetcher, `/split-${cut}/`);
      expect(body, `split at ${cut}`).not.toContain("elfsight_social_share_buttons");
      expect(shareBars(body), `split at ${cut}`).toHaveLength(1);
      expect(body).toContain("<p>Before.</p>");
      expect(body).toContain("<p>After.</p>");
    }
  });

  it("an article Herald holds (matched by permalink) gets Herald's counted share links, card and NewsArticle JSON-LD", async () => {
    const permalink = "https://news.example/2021/11/09/synced-markets/";
    const put = await adminWriteAndSettle(
      "PUT",
      "synced-markets",
      htmlArticleInput({ title: "Markets steady as talks resume", canonicalUrl: permalink, publishedAt: "2021-11-09T09:00:00Z" }),
      edgeEnv,
    );
    expect(put.status).toBe(201);
    const origin = recordedOrigin({ "/2021/11/09/synced-markets/": page(plainPostHtml) });
    const { body } = await get(origin.fetcher, "/2021/11/09/synced-markets/");
    const bars = shareBars(body);
    expect(bars).toHaveLength(1);
    expect(bars[0]?.links).toContain("https://news.example/share/synced-markets/facebook");
    const head = body.slice(0, body.indexOf("</head>"));
    expect(head).toMatch(/<meta property="og:image" content="https:\/\/news\.example\/cards\/synced-markets\.png\?v=[0-9a-f]+"\/>/);
    expect(head).toContain('<meta name="twitter:data1" content="Jane Roe"/>');
    const ldJson = head.match(/<script type="application\/ld\+json">(.*?)<\/script>/s)?.[1];
    expect(JSON.parse(ldJson ?? "null")).toMatchObject({
      "@type": "NewsArticle",
      headline: "Markets steady as talks resume",
      url: permalink,
    });
  });
});

describe("edge mode: what passes untouched", () => {
  it("non-HTML answers pass byte for byte", async () => {
    const bytes = new Uint8Array(4096).map((_, i) => (i * 31) % 256);
    const origin = recordedOrigin({
      "/wp-content/uploads/2021/11/baghdad.jpg": () =>
        new Response(bytes, { headers: { "Content-Type": "image/jpeg", "Content-Length": "4096", ETag: '"abc"' } }),
    });
    const ctx = createExecutionContext();
    const res = await createApp({ origin: { fetcher: origin.fetcher } }).fetch(
      new Request("https://herald.test/wp-content/uploads/2021/11/baghdad.jpg"),
      edgeEnv,
      ctx,
    );
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(bytes);
    expect(res.headers.get("ETag")).toBe('"abc"');
    expect(res.headers.get("Content-Type")).toBe("image/jpeg");
    // A signed-in visitor's images keep the origin's caching: only pages are personal.
    const signedIn = await get(origin.fetcher, "/wp-content/uploads/2021/11/baghdad.jpg", {
      headers: { Cookie: "wordpress_logged_in_1a2b=editor" },
    });
    expect(signedIn.res.headers.get("Cache-Control")).toBeNull();
  });

  it("wp-admin, wp-login.php, previews and POSTs reach the origin untouched, cookies, body and redirects included", async () => {
    const leaked = '<p>[elfsight_social_share_buttons id="1"]</p>';
    const origin = recordedOrigin({
      "/wp-admin/post.php": page(`<!doctype html><body class="single"><div class="entry-content">${leaked}</div></body>`),
      "/wp-login.php": (request) =>
        new Response(null, {
          status: 302,
          headers: { Location: `${ORIGIN}/wp-admin/`, "Set-Cookie": `wordpress_logged_in_abc=${request.method}; path=/; HttpOnly` },
        }),
      "/2021/11/07/draft/": page(`<!doctype html><body class="single"><div class="entry-content">${leaked}</div></body>`),
    });
    const admin = await get(origin.fetcher, "/wp-admin/post.php?post=4211&action=edit", {
      headers: { Cookie: "wordpress_logged_in_abc=x" },
    });
    expect(admin.body).toContain(leaked);
    expect(admin.res.headers.get("X-Herald-Cache")).toBe("BYPASS");

    const login = await get(origin.fetcher, "/wp-login.php", {
      method: "POST",
      body: new URLSearchParams({ log: "editor", pwd: "pässword" }),
      headers: { Cookie: "wordpress_test_cookie=WP%20Cookie%20check" },
      redirect: "manual",
    });
    expect(login.res.status).toBe(302);
    // The origin's redirect to itself comes back to the public site.
    expect(login.res.headers.get("Location")).toBe("https://news.example/wp-admin/");
    expect(login.res.headers.get("Set-Cookie")).toBe("wordpress_logged_in_abc=POST; path=/; HttpOnly");
    const forwarded = origin.requests.find((r) => new URL(r.url).pathname === "/wp-login.php");
    expect(forwarded?.method).toBe("POST");
    expect(forwarded?.url).toBe(`${ORIGIN}/wp-login.php`);
    expect(forwarded?.headers.get("Cookie")).toBe("wordpress_test_cookie=WP%20Cookie%20check");
    expect(forwarded?.headers.get("X-Forwarded-Host")).toBe("news.example");
    expect(await forwarded?.text()).toBe("log=editor&pwd=p%C3%A4ssword");

    const preview = await get(origin.fetcher, "/2021/11/07/draft/?preview=true");
    expect(preview.body).toContain(leaked);
    // The page WordPress shows a commenter their comment awaiting moderation on.
    const pending = await get(origin.fetcher, "/2021/11/07/draft/?unapproved=17&moderation-hash=9f2c");
    expect(pending.res.headers.get("X-Herald-Cache")).toBe("BYPASS");
    // A part of a page cannot be rewritten: a byte range passes as the origin sends it.
    const range = await get(origin.fetcher, "/2021/11/07/draft/", { headers: { Range: "bytes=0-99" } });
    expect(range.body).toContain(leaked);
    expect(range.res.headers.get("X-Herald-Cache")).toBe("BYPASS");
  });

  it("a redirect elsewhere is left where the origin sends it", async () => {
    const origin = recordedOrigin({
      "/go/": () => new Response(null, { status: 301, headers: { Location: "https://partner.example/story" } }),
      "/old-slug/": () => new Response(null, { status: 301, headers: { Location: "/2021/11/07/new-slug/" } }),
    });
    expect((await get(origin.fetcher, "/go/", { redirect: "manual" })).res.headers.get("Location")).toBe("https://partner.example/story");
    expect((await get(origin.fetcher, "/old-slug/", { redirect: "manual" })).res.headers.get("Location")).toBe(
      "https://news.example/2021/11/07/new-slug/",
    );
  });

  it("Herald's own routes stay Herald's", async () => {
    const origin = recordedOrigin({});
    expect((await get(origin.fetcher, "/feed.xml")).res.headers.get("Content-Type")).toContain("application/rss+xml");
    expect((await get(origin.fetcher, "/api/articles")).res.status).toBe(401);
    expect((await get(origin.fetcher, "/api/nothing-here")).res.status).toBe(404);
    // Herald's robots.txt stands for WordPress's, with WordPress's default rules.
    const robots = await get(origin.fetcher, "/robots.txt");
    expect(robots.body).toContain("Disallow: /wp-admin/\nAllow: /wp-admin/admin-ajax.php\n");
    expect(robots.body).toContain("Sitemap: https://news.example/sitemap.xml");
    // article:author and the JSON-LD name Herald's author pages: they stay Herald's.
    const author = await get(origin.fetcher, "/authors/jane-roe");
    expect(author.res.headers.get("Content-Security-Policy")).toContain("default-src 'none'");
    expect(origin.requests).toHaveLength(0);
  });
});

describe("edge mode: caching and faults", () => {
  it("keeps a public page at the edge and answers the next visitor without the origin", async () => {
    const origin = recordedOrigin({ "/2021/11/07/cached/": page(plainPostHtml) });
    const first = await get(origin.fetcher, "/2021/11/07/cached/");
    const second = await get(origin.fetcher, "/2021/11/07/cached/");
    expect(first.res.headers.get("X-Herald-Cache")).toBe("MISS");
    expect(second.res.headers.get("X-Herald-Cache")).toBe("HIT");
    expect(second.body).toBe(first.body);
    expect(origin.requests).toHaveLength(1);
    // The bookkeeping headers stay inside the cache.
    expect(second.res.headers.get("X-Herald-Stored-At")).toBeNull();
    expect(second.res.headers.get("Content-Security-Policy")).toBe(ORIGIN_CSP);
  });

  it("a kept page is answered from memory before routing, but never to a visitor whose pages are personal", async () => {
    const origin = recordedOrigin({ "/2021/11/07/hot/": page(plainPostHtml) });
    const routed = await get(origin.fetcher, "/2021/11/07/hot/");
    const hot = answerFromMemory(new Request("https://herald.test/2021/11/07/hot/"), edgeEnv);
    expect(hot?.headers.get("X-Herald-Cache")).toBe("HIT");
    expect(hot?.headers.get("Content-Security-Policy")).toBe(ORIGIN_CSP);
    expect(await hot?.text()).toBe(routed.body);
    expect(hot?.headers.get("Age")).toMatch(/^\d+$/);
    // Answers within the same second share the kept headers: each must get its own copy.
    hot?.headers.set("X-Herald-Cache", "changed by a caller");
    hot?.headers.delete("Age");
    const next = answerFromMemory(new Request("https://herald.test/2021/11/07/hot/"), edgeEnv);
    expect(next?.headers.get("X-Herald-Cache")).toBe("HIT");
    expect(next?.headers.get("Age")).toMatch(/^\d+$/);
    expect([...(next?.headers.keys() ?? [])].filter((name) => name === "age")).toHaveLength(1);
    const signedIn = new Request("https://herald.test/2021/11/07/hot/", { headers: { Cookie: "wordpress_logged_in_1a2b=editor" } });
    expect(answerFromMemory(signedIn, edgeEnv)).toBeUndefined();
    expect(answerFromMemory(new Request("https://herald.test/2021/11/07/hot/", { method: "POST", body: "x" }), edgeEnv)).toBeUndefined();
    // Without ORIGIN_URL, Herald never answers with an origin's page.
    expect(answerFromMemory(new Request("https://herald.test/2021/11/07/hot/"), env)).toBeUndefined();
  });

  it("a signed-in or commenting visitor's page is rewritten but never cached, and says so", async () => {
    const origin = recordedOrigin({ "/2021/11/07/personal/": page(singlePostHtml) });
    for (const cookie of ["wordpress_logged_in_1a2b=editor%7C1700000000", "comment_author_1a2b=Reader"]) {
      const { res, body } = await get(origin.fetcher, "/2021/11/07/personal/", { headers: { Cookie: cookie } });
      expect(res.headers.get("Cache-Control")).toBe("private, no-store");
      expect(shareBars(body)).toHaveLength(3);
    }
    expect(origin.requests).toHaveLength(2);
    // Nothing was kept: an anonymous visitor is a miss.
    expect((await get(origin.fetcher, "/2021/11/07/personal/")).res.headers.get("X-Herald-Cache")).toBe("MISS");
  });

  it("a request with credentials, or a WooCommerce cart, is personal: its answer is never kept for others", async () => {
    const origin = recordedOrigin({
      "/members/": (request) =>
        page(plainPostHtml.replace("Oil slipped", `Hello ${request.headers.get("Authorization") ?? "guest"}. Oil slipped`))(),
    });
    const member = await get(origin.fetcher, "/members/", { headers: { Authorization: "Basic YWxpY2U6c2VjcmV0" } });
    expect(member.res.headers.get("Cache-Control")).toBe("private, no-store");
    const shopper = await get(origin.fetcher, "/members/", { headers: { Cookie: "woocommerce_items_in_cart=1" } });
    expect(shopper.res.headers.get("Cache-Control")).toBe("private, no-store");
    const anonymous = await get(origin.fetcher, "/members/");
    expect(anonymous.res.headers.get("X-Herald-Cache")).toBe("MISS");
    expect(anonymous.body).not.toContain("YWxpY2U6c2VjcmV0");
    expect(anonymous.body).toContain("Hello guest.");
  });

  it("an answer that varies by more than encoding is not kept, and a visitor cannot name another host to the origin", async () => {
    const origin = recordedOrigin({
      "/varies/": page(plainPostHtml, { Vary: "Accept-Encoding, User-Agent" }),
      "/encoded/": page(plainPostHtml, { Vary: "Accept-Encoding" }),
      "/hosts/": (request) =>
        page(
          plainPostHtml.replace(
            "Oil slipped",
            `Served for ${request.headers.get("Forwarded") ?? "-"} ${request.headers.get("X-Forwarded-Host")}. Oil slipped`,
          ),
        )(),
    });
    await get(origin.fetcher, "/varies/");
    expect((await get(origin.fetcher, "/varies/")).res.headers.get("X-Herald-Cache")).toBe("BYPASS");
    await get(origin.fetcher, "/encoded/");
    expect((await get(origin.fetcher, "/encoded/")).res.headers.get("X-Herald-Cache")).toBe("HIT");
    const poisoned = await get(origin.fetcher, "/hosts/", {
      headers: { Forwarded: "host=evil.example", "X-Forwarded-Host": "evil.example" },
    });
    expect(poisoned.body).toContain("Served for - news.example.");
  });

  it("click-tracking parameters are the same page: one kept copy, purged with it", async () => {
    const origin = recordedOrigin({ "/2021/11/07/tracked/": page(plainPostHtml) });
    await get(origin.fetcher, "/2021/11/07/tracked/?utm_source=newsletter&utm_medium=email");
    const shared = await get(origin.fetcher, "/2021/11/07/tracked/?fbclid=IwAR0abc");
    expect(shared.res.headers.get("X-Herald-Cache")).toBe("HIT");
    expect(origin.requests).toHaveLength(1);
    // Other parameters are other pages.
    expect((await get(origin.fetcher, "/2021/11/07/tracked/?page=2")).res.headers.get("X-Herald-Cache")).toBe("MISS");
  });

  it("an answer that sets a cookie, or that the origin marks private, is never cached", async () => {
    const origin = recordedOrigin({
      "/cookie/": page(plainPostHtml, { "Set-Cookie": "pvc=1; path=/" }),
      "/private/": page(plainPostHtml, { "Cache-Control": "private, max-age=0" }),
    });
    for (const path of ["/cookie/", "/private/"]) {
      await get(origin.fetcher, path);
      expect((await get(origin.fetcher, path)).res.headers.get("X-Herald-Cache")).toBe("BYPASS");
    }
    expect(origin.requests).toHaveLength(4);
  });

  it("an article change purges its permalink's kept page", async () => {
    const permalink = "https://news.example/2021/11/10/correction/";
    let version = "First version";
    const origin = recordedOrigin({
      "/2021/11/10/correction/": () => page(plainPostHtml.replace("Oil slipped for a third day.", version))(),
    });
    const input = (title: string) => htmlArticleInput({ title, canonicalUrl: permalink, publishedAt: "2021-11-10T09:00:00Z" });
    expect((await adminWriteAndSettle("PUT", "correction", input("Correction"), edgeEnv)).status).toBe(201);
    expect((await get(origin.fetcher, "/2021/11/10/correction/")).body).toContain("First version");
    version = "Corrected version";
    expect((await get(origin.fetcher, "/2021/11/10/correction/")).body).toContain("First version");
    expect((await adminWriteAndSettle("PUT", "correction", input("Correction, updated"), edgeEnv)).status).toBe(200);
    const after = await get(origin.fetcher, "/2021/11/10/correction/");
    expect(after.body).toContain("Corrected version");
    expect(after.body).toContain('content="Correction, updated"');
  });

  it("while the origin is down or failing, the last good copy is served; without one, a clear 502 page", async () => {
    let state: "up" | "down" | "failing" | "hanging" = "up";
    const fetcher = (async (_input: RequestInfo | URL, init?: RequestInit) => {
      if (state === "down") throw new TypeError("Network connection lost.");
      if (state === "hanging") {
        return new Promise<Response>((_, reject) =>
          init?.signal?.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError"))),
        );
      }
      if (state === "failing") return new Response("<h1>Error establishing a database connection</h1>", { status: 500, headers: HTML });
      return page(plainPostHtml)();
    }) as typeof fetch;
    state = "down";
    const down = await get(fetcher, "/2021/11/11/other/");
    expect(down.res.status).toBe(502);
    expect(down.res.headers.get("Cache-Control")).toBe("no-store");
    expect(down.body).toContain("The site is not answering");
    state = "hanging";
    const hanging = await get(fetcher, "/2021/11/11/other/");
    expect(hanging.res.status).toBe(502);

    // A kept copy past its freshness: stored with an old date, as if kept an hour ago.
    const key = "https://news.example/2021/11/11/stale/";
    await caches.default.put(
      key,
      new Response("<!doctype html><p>Last good copy</p>", {
        headers: { ...HTML, "Cache-Control": "public, max-age=604800", "X-Herald-Stored-At": String(Date.now() - 3_600_000) },
      }),
    );
    for (const failure of ["down", "hanging", "failing"] as const) {
      state = failure;
      const stale = await get(fetcher, "/2021/11/11/stale/");
      expect(stale.res.status, failure).toBe(200);
      expect(stale.res.headers.get("X-Herald-Cache"), failure).toBe("STALE");
      expect(stale.body).toContain("Last good copy");
      expect(Number(stale.res.headers.get("Age"))).toBeGreaterThanOrEqual(3600);
    }
    state = "up";
    const refreshed = await get(fetcher, "/2021/11/11/stale/");
    expect(refreshed.res.headers.get("X-Herald-Cache")).toBe("MISS");
    expect(refreshed.body).toContain("Oil slipped for a third day.");
  });
});

describe("edge mode: the origin's feeds", () => {
  it("without the sync, the origin's feed passes with the shortcode removed and stays valid XML", async () => {
    const origin = recordedOrigin({
      "/feed/": () => new Response(feedXml, { headers: { "Content-Type": "application/rss+xml; charset=UTF-8" } }),
    });
    const { res, body } = await get(origin.fetcher, "/feed/");
    expect(res.status).toBe(200);
    expect(body).not.toContain("elfsight_social_share_buttons");
    const rss = parseStrictXml(body);
    expect(rss.name).toBe("rss");
    expect(body).toContain("<p>Share it:  and read on.</p>");
    expect(body).toContain("<description>Stocks held their ground. </description>");
  });

  it("removes a shortcode split across the origin's chunks", async () => {
    const cut = feedXml.indexOf("[elfsight") + 12;
    const origin = recordedOrigin({
      "/feed/": () => new Response(inTwoChunks(feedXml, cut), { headers: { "Content-Type": "application/rss+xml; charset=UTF-8" } }),
    });
    const { body } = await get(origin.fetcher, "/feed/");
    expect(body).not.toContain("elfsight");
    expect(parseStrictXml(body).name).toBe("rss");
  });

  it("a feed in another charset passes byte for byte rather than be re-encoded", async () => {
    const latin1 = new Uint8Array([
      ...new TextEncoder().encode('<?xml version="1.0" encoding="ISO-8859-1"?><rss><channel><title>Caf'),
      0xe9,
      ...new TextEncoder().encode("</title></channel></rss>"),
    ]);
    const origin = recordedOrigin({
      "/feed/": () => new Response(latin1, { headers: { "Content-Type": "application/rss+xml; charset=ISO-8859-1" } }),
    });
    const ctx = createExecutionContext();
    const res = await createApp({ origin: { fetcher: origin.fetcher } }).fetch(new Request("https://herald.test/feed/"), edgeEnv, ctx);
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(latin1);
  });

  it("with the sync, WordPress's feed paths are Herald's own feeds", async () => {
    const origin = recordedOrigin({});
    const { res } = await get(origin.fetcher, "/feed/", { redirect: "manual" }, { ...edgeEnv, WP_ORIGIN: ORIGIN });
    expect(res.status).toBe(301);
    expect(res.headers.get("Location")).toBe("https://news.example/feed.xml");
    expect(origin.requests).toHaveLength(0);
  });
});

describe("edge mode: the bar's assets", () => {
  it("serves the stylesheet and script the bar links to, kept for good under their version", async () => {
    const origin = recordedOrigin({ "/2021/11/09/assets/": page(plainPostHtml) });
    const { body } = await get(origin.fetcher, "/2021/11/09/assets/");
    const css = body.match(/href="https:\/\/news\.example(\/_herald\/share-bar\.css\?v=[0-9a-f]+)"/)?.[1];
    const js = body.match(/src="https:\/\/news\.example(\/_herald\/share-bar\.js\?v=[0-9a-f]+)"/)?.[1];
    expect(css && js).toBeTruthy();
    const stylesheet = await get(origin.fetcher, css ?? "");
    expect(stylesheet.res.headers.get("Content-Type")).toBe("text/css; charset=utf-8");
    expect(stylesheet.res.headers.get("Cache-Control")).toBe("public, max-age=31536000, immutable");
    expect(stylesheet.body).toContain(".hs{");
    const script = await get(origin.fetcher, js ?? "");
    expect(script.res.headers.get("Content-Type")).toBe("text/javascript; charset=utf-8");
    expect(script.body).toContain("navigator");
    expect(origin.requests).toHaveLength(1);
  });
});
