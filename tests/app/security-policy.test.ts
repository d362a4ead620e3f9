import { describe, expect, it } from "vitest";
import { adminApi, htmlArticleInput, request } from "../helpers";

/** A CSP as directive name → sources, in order. */
function directives(csp: string): Record<string, string[]> {
  return Object.fromEntries(
    csp.split(";").map((directive) => {
      const [name = "", ...sources] = directive.trim().split(/\s+/);
      return [name, sources];
    }),
  );
}

const HASH = /^'sha256-[A-Za-z0-9+/]+=*'$/;

describe("Herald's Content-Security-Policy", () => {
  it("lets the page reach its own origin (Lighthouse reads robots.txt from the page) and widens nothing else", async () => {
    expect((await adminApi("PUT", "/csp-article", htmlArticleInput())).status).toBe(201);
    for (const path of ["/articles/csp-article", "/articles/csp-article", "/", "/no-such-page"]) {
      const csp = directives((await request(path)).headers.get("Content-Security-Policy") ?? "");
      expect(Object.keys(csp), path).toEqual([
        "default-src",
        "style-src",
        "script-src",
        "img-src",
        "connect-src",
        "frame-src",
        "base-uri",
        "form-action",
        "frame-ancestors",
      ]);
      expect(csp["connect-src"], path).toEqual(["'self'"]);
      expect(csp["default-src"], path).toEqual(["'none'"]);
      expect(
        csp["script-src"]?.every((source) => HASH.test(source)),
        path,
      ).toBe(true);
      expect(
        csp["style-src"]?.every((source) => HASH.test(source)),
        path,
      ).toBe(true);
      expect(csp["img-src"], path).toEqual(["'self'", "https:", "data:"]);
      expect(csp["frame-src"], path).toEqual(["https://www.youtube.com", "https://www.youtube-nocookie.com", "https://player.vimeo.com"]);
      expect(csp["base-uri"], path).toEqual(["'none'"]);
      expect(csp["form-action"], path).toEqual(["'self'", "https:"]);
      expect(csp["frame-ancestors"], path).toEqual(["'self'"]);
    }
  });
});
