import { describe, expect, it } from "vitest";
import { sanitizeArticleHtml } from "../../../src/articles/ingest/sanitize";

const BASE = "https://news.example/articles/story";
const clean = (html: string) => sanitizeArticleHtml(html, BASE);

describe("article HTML sanitiser", () => {
  it("removes scripts, styles and their content", () => {
    expect(clean(`<p>a<script>alert(1)</script>b</p><style>p{}</style>`)).toBe("<p>ab</p>");
  });

  it("removes event handlers and inline styles", () => {
    expect(clean(`<p onclick="x()" style="color:red">t</p><img src="/i.png" onerror="x()">`)).toBe(
      `<p>t</p><img src="https://news.example/i.png" />`,
    );
  });

  it("removes javascript:, vbscript: and data: URLs", () => {
    expect(clean(`<a href="javascript:alert(1)">x</a>`)).toBe("<a>x</a>");
    expect(clean(`<a href=" JaVaScRiPt:alert(1)">x</a>`)).toBe("<a>x</a>");
    expect(clean(`<a href="vbscript:msgbox">x</a>`)).toBe("<a>x</a>");
    expect(clean(`<img src="data:image/svg+xml;base64,PHN2Zz4=">`)).toBe("");
  });

  it("keeps iframes only from known video hosts", () => {
    expect(clean(`<iframe src="https://evil.example/x"></iframe>`)).toBe("");
    expect(clean(`<iframe src="https://www.youtube.com/embed/abc" onload="x()"></iframe>`)).toBe(
      `<iframe src="https://www.youtube.com/embed/abc"></iframe>`,
    );
  });

  it("removes forms, objects and unknown elements but keeps their text", () => {
    expect(clean(`<form action="/x"><input name="q"><button>Go</button></form><object data="x"></object><font>kept</font>`)).toBe("Gokept");
  });

  it("makes relative links and images absolute against the canonical URL", () => {
    expect(clean(`<a href="../about">a</a> <a href="#notes">b</a> <a href="//cdn.example/x">c</a>`)).toBe(
      `<a href="https://news.example/about">a</a> <a href="https://news.example/articles/story#notes">b</a> <a href="https://cdn.example/x">c</a>`,
    );
    expect(clean(`<img src="photo.jpg" alt="A photo">`)).toBe(`<img alt="A photo" src="https://news.example/articles/photo.jpg" />`);
  });

  it("keeps mailto and tel links", () => {
    expect(clean(`<a href="mailto:tips@news.example">m</a><a href="tel:+15550100">t</a>`)).toBe(
      `<a href="mailto:tips@news.example">m</a><a href="tel:+15550100">t</a>`,
    );
  });

  it("turns h1 into h2 so the headline stays the only h1", () => {
    expect(clean("<h1>Sub</h1>")).toBe("<h2>Sub</h2>");
  });

  it("escapes hostile text instead of interpreting it", () => {
    expect(clean(`<p>&lt;/p&gt;&lt;script&gt;x&lt;/script&gt;</p>`)).toBe("<p>&lt;/p&gt;&lt;script&gt;x&lt;/script&gt;</p>");
  });
});
