import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { answerFromMemory } from "../../src/app/hot-path";
import { cacheEpoch, fromEdgeCache, purgeEdgeCache, storeInEdgeCache } from "../../src/http/edge-cache";
import { adminWriteAndSettle, currentCardPath, htmlArticleInput, request } from "../helpers";

/** Status, headers and body of a response, for comparing two answers byte for byte. */
async function snapshot(res: Response) {
  return { status: res.status, headers: [...res.headers].sort(), body: new Uint8Array(await res.arrayBuffer()) };
}

describe("answers from memory", () => {
  it("are exactly what the routes answered: feeds, pages and cards", async () => {
    await adminWriteAndSettle("PUT", "hot-path-article", htmlArticleInput({ title: "Kept in memory" }));
    for (const path of ["/feed.xml", "/atom.xml", "/feed.json", "/articles/hot-path-article", await currentCardPath("hot-path-article")]) {
      const routed = await snapshot(await request(path));
      expect(routed.status, path).toBe(200);
      const fromMemory = await snapshot(await request(path));
      expect(fromMemory, path).toEqual(routed);
      expect(
        fromMemory.headers.map(([name]) => name),
        path,
      ).toContain("content-security-policy");
    }
  });

  it("keep conditional GET, HEAD and byte ranges right", async () => {
    await request("/articles/hot-path-article");
    const page = await request("/articles/hot-path-article");
    const etag = page.headers.get("ETag") ?? "";
    const conditional = { headers: { "If-None-Match": etag } };
    const notModified = await snapshot(await request("/articles/hot-path-article", conditional));
    expect(notModified.status).toBe(304);
    // A query string sends the same request through the routes (the page ignores it).
    expect(notModified).toEqual(await snapshot(await request("/articles/hot-path-article?via=routes", conditional)));
    const head = await request("/articles/hot-path-article", { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
    const card = await currentCardPath("hot-path-article");
    await request(card);
    const range = await request(card, { headers: { Range: "bytes=0-9" } });
    expect(range.status).toBe(206);
    expect((await range.arrayBuffer()).byteLength).toBe(10);
  });

  it("answer a feed's conditional GET with the routed 304, header for header", async () => {
    await request("/feed.xml");
    const feed = await request("/feed.xml");
    const etag = feed.headers.get("ETag") ?? "";
    const lastModified = feed.headers.get("Last-Modified") ?? "";
    expect(etag).not.toBe("");
    const preconditions: [string, Record<string, string>][] = [
      ["the tag", { "If-None-Match": etag }],
      ["the weak tag in a list", { "If-None-Match": `"other", W/${etag}` }],
      ["*", { "If-None-Match": "*" }],
      ["If-Modified-Since", { "If-Modified-Since": lastModified }],
    ];
    for (const [what, headers] of preconditions) {
      for (const method of ["GET", "HEAD"]) {
        const fromMemory = await snapshot(await request("/feed.xml", { method, headers }));
        expect(fromMemory.status, `${method} ${what}`).toBe(304);
        expect(fromMemory, `${method} ${what}`).toEqual(await snapshot(await request("/feed.xml?via=routes", { method, headers })));
        expect(fromMemory.headers.map(([name]) => name)).toEqual(
          expect.arrayContaining(["cache-control", "content-security-policy", "etag", "last-modified", "link", "x-content-type-options"]),
        );
        expect(fromMemory.headers.map(([name]) => name)).not.toContain("content-type");
      }
    }
    // An old tag, or If-Modified-Since before the feed changed, gets the whole feed.
    const outdated: Record<string, string>[] = [
      { "If-None-Match": '"stale"' },
      { "If-None-Match": '"stale"', "If-Modified-Since": lastModified },
    ];
    for (const headers of outdated) {
      const full = await snapshot(await request("/feed.xml", { headers }));
      expect(full).toEqual(await snapshot(feed.clone()));
    }
    const before = new Date(Date.parse(lastModified) - 1000).toUTCString();
    expect((await request("/feed.xml", { headers: { "If-Modified-Since": before } })).status).toBe(200);
  });

  it("give each answer headers of its own", async () => {
    // Called directly: headers of a response through SELF arrive immutable.
    const key = "https://news.example/articles/own-headers";
    const etag = '"own-headers"';
    await storeInEdgeCache(key, new Response("page", { headers: { ETag: etag, "Cache-Control": "public, max-age=60" } }));
    const answer = (headers: Record<string, string> = {}) => {
      const res = answerFromMemory(new Request("https://herald.test/articles/own-headers", { headers }), env);
      if (!res) throw new Error("not answered from memory");
      return res;
    };
    const first = answer();
    first.headers.set("X-Frame-Options", "changed by a caller");
    first.headers.delete("ETag");
    answer({ "If-None-Match": etag }).headers.delete("Cache-Control");
    const second = answer();
    expect(second.headers.get("X-Frame-Options")).toBe("SAMEORIGIN");
    expect(second.headers.get("ETag")).toBe(etag);
    const again = answer({ "If-None-Match": etag });
    expect(again.status).toBe(304);
    expect(again.headers.get("Cache-Control")).toBe("public, max-age=60");
    await purgeEdgeCache([key]);
  });

  it("never keep a response built before a purge", async () => {
    const key = "https://news.example/articles/built-before-a-purge";
    const epoch = cacheEpoch();
    await purgeEdgeCache([key]);
    await storeInEdgeCache(key, new Response("old page", { headers: { "Cache-Control": "public, max-age=60" } }), epoch);
    expect(await fromEdgeCache(key)).toBeUndefined();
    await storeInEdgeCache(key, new Response("new page", { headers: { "Cache-Control": "public, max-age=60" } }), cacheEpoch());
    expect(await (await fromEdgeCache(key))?.text()).toBe("new page");
    await purgeEdgeCache([key]);
    expect(await fromEdgeCache(key)).toBeUndefined();
  });
});
