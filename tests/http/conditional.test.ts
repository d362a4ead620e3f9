import { describe, expect, it } from "vitest";
import { isCurrent, isNotModified, notModified, validatorsOf } from "../../src/http/conditional";

const STORED = new Headers({
  ETag: '"abc"',
  "Last-Modified": "Tue, 01 Dec 2026 10:00:00 GMT",
  "Cache-Control": "public, max-age=60",
  "Content-Type": "application/rss+xml",
  Link: '<https://news.example/feed.xml>; rel="self"',
});

const get = (headers: Record<string, string>, method = "GET") => new Request("https://news.example/feed.xml", { method, headers });

describe("conditional GET (RFC 9110 §13.1)", () => {
  it.each([
    ["the tag as given", { "If-None-Match": '"abc"' }, true],
    ["a weak form of the tag (weak comparison)", { "If-None-Match": 'W/"abc"' }, true],
    ["the tag in a list, with spaces", { "If-None-Match": '"x", "abc" ,"y"' }, true],
    ["the tag with spaces around it", { "If-None-Match": ' "abc" ' }, true],
    ["*", { "If-None-Match": "*" }, true],
    ["another tag", { "If-None-Match": '"abd"' }, false],
    ["a list without the tag", { "If-None-Match": '"x", "y"' }, false],
    ["the tag without its quotes", { "If-None-Match": "abc" }, false],
    ["If-Modified-Since at Last-Modified", { "If-Modified-Since": "Tue, 01 Dec 2026 10:00:00 GMT" }, true],
    ["If-Modified-Since after Last-Modified", { "If-Modified-Since": "Wed, 02 Dec 2026 10:00:00 GMT" }, true],
    ["If-Modified-Since before Last-Modified", { "If-Modified-Since": "Tue, 01 Dec 2026 09:59:59 GMT" }, false],
    ["an unreadable If-Modified-Since", { "If-Modified-Since": "yesterday-ish" }, false],
    [
      "If-None-Match deciding over If-Modified-Since",
      { "If-None-Match": '"x"', "If-Modified-Since": "Wed, 02 Dec 2026 10:00:00 GMT" },
      false,
    ],
    ["no precondition", {}, false],
  ])("%s: current is %s", (_, headers, current) => {
    expect(isNotModified(get(headers), STORED)).toBe(current);
    expect(isNotModified(get(headers, "HEAD"), STORED)).toBe(current);
    expect(isNotModified(get(headers, "POST"), STORED)).toBe(false);
  });

  it("compares tags only when the response has one, and dates only when it has Last-Modified", () => {
    const bare = validatorsOf(new Headers());
    expect(isCurrent({ method: "GET", ifNoneMatch: "*", ifModifiedSince: null }, bare)).toBe(false);
    expect(isCurrent({ method: "GET", ifNoneMatch: null, ifModifiedSince: "Wed, 02 Dec 2026 10:00:00 GMT" }, bare)).toBe(false);
  });

  it("matches a stored weak tag by its opaque part, and never splits a tag with a comma into a match", () => {
    const weak = validatorsOf(new Headers({ ETag: 'W/"abc"' }));
    expect(isCurrent({ method: "GET", ifNoneMatch: '"abc"', ifModifiedSince: null }, weak)).toBe(true);
    expect(isCurrent({ method: "GET", ifNoneMatch: 'W/"abc"', ifModifiedSince: null }, weak)).toBe(true);
    const comma = validatorsOf(new Headers({ ETag: '"a,b"' }));
    expect(isCurrent({ method: "GET", ifNoneMatch: '"a,b"', ifModifiedSince: null }, comma)).toBe(false);
  });

  it("a 304 repeats the validators and caching headers, no others, and no body", async () => {
    const res = notModified(new Headers({ ...Object.fromEntries(STORED), Vary: "Accept", Expires: "0", "Content-Location": "/feed.xml" }));
    expect(res.status).toBe(304);
    expect([...res.headers.keys()].sort()).toEqual([
      "cache-control",
      "content-location",
      "etag",
      "expires",
      "last-modified",
      "link",
      "vary",
    ]);
    expect(await res.text()).toBe("");
  });
});
