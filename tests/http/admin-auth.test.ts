import { describe, expect, it } from "vitest";
import { htmlArticleInput, request, TOKEN, tableCounts } from "../helpers";

/** An admin API request with exactly this Authorization header (none when undefined). */
function withAuthorization(authorization: string | undefined, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (authorization !== undefined) headers.set("Authorization", authorization);
  return request("/api/articles/auth-probe", { ...init, headers });
}

const SEND = "send Authorization: Bearer <ADMIN_TOKEN>";

describe("admin API authentication: anything but a well-formed bearer token with the right token is a 401", () => {
  const refused: [string, string | undefined, string][] = [
    ["no header", undefined, SEND],
    ["an empty header", "", SEND],
    ["another scheme", "Basic abc", `the Authorization header is not a bearer token; ${SEND}`],
    ["the scheme with no token", "Bearer", `the Authorization header is not a bearer token; ${SEND}`],
    ["the scheme and a space, no token", "Bearer ", `the Authorization header is not a bearer token; ${SEND}`],
    ["a token with a space in it", "Bearer  two spaces", `the Authorization header is not a bearer token; ${SEND}`],
    ["a wrong token", "Bearer wrong-token-of-some-length", `the bearer token is not ADMIN_TOKEN; ${SEND}`],
  ];

  for (const [name, authorization, detail] of refused) {
    it(`refuses ${name}: 401, WWW-Authenticate: Bearer, a JSON body that says what to send`, async () => {
      const res = await withAuthorization(authorization);
      expect(res.status).toBe(401);
      expect(res.headers.get("WWW-Authenticate")).toMatch(/^Bearer( |$)/);
      expect(res.headers.get("Content-Type")).toMatch(/^application\/json/);
      expect(res.headers.get("Cache-Control")).toBe("no-store");
      expect(await res.json()).toEqual({ error: "unauthorized", details: [detail] });
    });
  }

  it("writes nothing for a refused PUT", async () => {
    const before = await tableCounts();
    const res = await withAuthorization("Basic abc", {
      method: "PUT",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(htmlArticleInput()),
    });
    expect(res.status).toBe(401);
    expect(await tableCounts()).toEqual(before);
  });

  // RFC 7235 §2.1: the scheme is case-insensitive; RFC 6750 §2.1: one or more spaces after it.
  it("accepts the right token whatever the scheme's case and however many spaces follow it", async () => {
    for (const authorization of [`Bearer ${TOKEN}`, `bearer ${TOKEN}`, `BEARER ${TOKEN}`, `Bearer  ${TOKEN}`]) {
      const res = await withAuthorization(authorization);
      expect(res.status, authorization).toBe(404);
      expect(await res.json()).toMatchObject({ error: "article not found" });
    }
  });

  it("guards the WordPress sync the same way", async () => {
    const res = await request("/api/wordpress/sync", { method: "POST", headers: { Authorization: "Basic abc" } });
    expect(res.status).toBe(401);
    expect(res.headers.get("WWW-Authenticate")).toMatch(/^Bearer/);
  });
});
