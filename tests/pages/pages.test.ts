import { beforeAll, describe, expect, it } from "vitest";
import { adminApi, htmlArticleInput, request, seedArticleInput } from "../helpers";

const SEED_SLUG = "iraqi-prime-minister-survives-drone-attack";

beforeAll(async () => {
  const res = await adminApi("PUT", `/${SEED_SLUG}`, seedArticleInput());
  expect(res.ok).toBe(true);
});

/** Visible text of an HTML page, tags stripped by the runtime's own HTML parser. */
async function paragraphsOf(res: Response): Promise<string[]> {
  const paragraphs: string[] = [];
  let current = "";
  await new HTMLRewriter()
    .on(".body > p", {
      element(el) {
        current = "";
        el.onEndTag(() => {
          paragraphs.push(current);
        });
      },
      text(chunk) {
        current += chunk.text;
      },
    })
    .transform(res)
    .arrayBuffer();
  return paragraphs;
}

describe("article page", () => {
  it("serves the seed article: headline, byline, date, eleven paragraphs, no shortcode, no residue", async () => {
    const res = await request(`/articles/${SEED_SLUG}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("text/html; charset=UTF-8");
    const html = await res.clone().text();
    expect(html.startsWith("<!DOCTYPE html>")).toBe(true);
    expect(html).toContain("<h1>Iraqi prime minister survives drone attack on his Baghdad residence</h1>");
    expect(html).toContain('By <span class="author"><a href="https://news.example/authors/lauren-moye">Lauren Moye</a></span>');
    expect(html).toContain('<time datetime="2021-11-07T00:00:00.000Z">November 7, 2021</time>');
    expect(html).toContain(`<link rel="canonical" href="https://news.example/articles/${SEED_SLUG}"/>`);
    expect(html).not.toMatch(/elfsight|herald-share|Leave a Reply|Required fields|FISM NEWS\n/);
    const paragraphs = await paragraphsOf(res);
    expect(paragraphs).toHaveLength(11);
    expect(paragraphs[0]).toMatch(/^Three armed drones targeted the Iraqi prime minister’s residence/);
    expect(paragraphs[10]).toContain("called it “a new sedition.”");
  });

  it("sends security headers and a CSP that allows only the share bar's script, by hash", async () => {
    const res = await request(`/articles/${SEED_SLUG}`);
    const csp = res.headers.get("Content-Security-Policy") ?? "";
    expect(csp).toContain("default-src 'none'");
    // The site's stylesheet, the share bar's and the editor's desk's: one policy for the app.
    expect(csp).toMatch(/style-src 'sha256-[A-Za-z0-9+/=]+' 'sha256-[A-Za-z0-9+/=]+' 'sha256-[A-Za-z0-9+/=]+';/);
    expect(csp).toMatch(/script-src 'sha256-[A-Za-z0-9+/=]+';/);
    expect(csp).not.toContain("unsafe-inline");
    expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
  });

  it("every inline stylesheet and script matches a hash in the CSP", async () => {
    const res = await request(`/articles/${SEED_SLUG}`);
    const html = await res.text();
    const inline = [...html.matchAll(/<(style|script)>([\s\S]*?)<\/\1>/g)].map((m) => m[2] ?? "");
    expect(inline.length).toBe(3);
    for (const text of inline) {
      const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
      const hash = btoa(String.fromCharCode(...new Uint8Array(digest)));
      expect(res.headers.get("Content-Security-Policy")).toContain(`'sha256-${hash}'`);
    }
  });

  it("escapes a hostile title as text", async () => {
    await adminApi("PUT", "/hostile", htmlArticleInput({ title: "</title><script>alert(1)</script>", authors: ["<b>Eve</b> Smith"] }));
    const html = await (await request("/articles/hostile")).text();
    expect(html).not.toContain("<script>alert(1)</script>");
    expect(html).toContain("&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;");
  });

  it("answers a real 404 page for unknown and invalid slugs", async () => {
    for (const path of ["/articles/no-such-story", "/articles/NOT..valid", "/nowhere"]) {
      const res = await request(path);
      expect(res.status).toBe(404);
      expect(res.headers.get("Content-Type")).toMatch(/^text\/html/);
      expect(await res.text()).toContain("Page not found");
    }
  });

  it("does not show drafts", async () => {
    await adminApi("PUT", "/a-draft", htmlArticleInput({ status: "draft", title: "Secret draft" }));
    expect((await request("/articles/a-draft")).status).toBe(404);
    expect(await (await request("/")).text()).not.toContain("Secret draft");
  });
});

describe("home page", () => {
  it("lists recent articles with links, bylines and teasers", async () => {
    const res = await request("/");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(
      `<a href="https://news.example/articles/${SEED_SLUG}">Iraqi prime minister survives drone attack on his Baghdad residence</a>`,
    );
    expect(html).toContain("Three armed drones targeted");
  });

  it("answers a broken 'older articles' link with a 400 page", async () => {
    const res = await request("/?before=not-a-cursor");
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("Invalid page link");
  });

  it("uses SITE_URL for links, never the request's Host header", async () => {
    const res = await request("/", { headers: { Host: "evil.example", "X-Forwarded-Host": "evil.example" } });
    expect(await res.text()).not.toContain("evil.example");
  });

  it("pages with an 'Older articles' link", async () => {
    for (let i = 0; i < 21; i++) {
      await adminApi("PUT", `/bulk-${i}`, htmlArticleInput({ publishedAt: `2026-01-${String(i + 1).padStart(2, "0")}` }));
    }
    const html = await (await request("/")).text();
    const older = html.match(/href="https:\/\/news\.example\/\?before=([^"]+)"/)?.[1];
    expect(older).toBeDefined();
    const next = await (await request(`/?before=${older}`)).text();
    expect(next).toContain("/articles/bulk-0");
  });
});
