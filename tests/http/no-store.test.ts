import { describe, expect, it } from "vitest";
import { adminApi, htmlArticleInput, request } from "../helpers";

describe("admin API answers are never stored, whatever their status", () => {
  it("201 on create and 200 on replace, read and list", async () => {
    const created = await adminApi("PUT", "/no-store-article", htmlArticleInput());
    expect(created.status).toBe(201);
    expect(created.headers.get("Cache-Control")).toBe("no-store");
    const replaced = await adminApi("PUT", "/no-store-article", htmlArticleInput({ title: "Another headline" }));
    expect(replaced.status).toBe(200);
    expect(replaced.headers.get("Cache-Control")).toBe("no-store");
    for (const path of ["/no-store-article", "", "?limit=5"]) {
      const res = await adminApi("GET", path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get("Cache-Control"), path).toBe("no-store");
    }
  });

  it("401 without the token, 404 for an unknown article, 422 for a bad body", async () => {
    const unauthorized = await request("/api/articles/no-store-article");
    expect(unauthorized.status).toBe(401);
    expect(unauthorized.headers.get("Cache-Control")).toBe("no-store");
    const missing = await adminApi("GET", "/no-such-article");
    expect(missing.status).toBe(404);
    expect(missing.headers.get("Cache-Control")).toBe("no-store");
    const invalid = await adminApi("PUT", "/no-store-invalid", { title: "" });
    expect(invalid.status).toBe(422);
    expect(invalid.headers.get("Cache-Control")).toBe("no-store");
  });

  it("the WordPress sync too; the public share totals keep their minute", async () => {
    const sync = await request("/api/wordpress/sync", { method: "POST", headers: { Authorization: "Bearer test-admin-token-0123456789" } });
    expect(sync.status).toBe(409);
    expect(sync.headers.get("Cache-Control")).toBe("no-store");
    await adminApi("PUT", "/no-store-shared", htmlArticleInput());
    const totals = await request("/api/articles/no-store-shared/shares");
    expect(totals.status).toBe(200);
    expect(totals.headers.get("Cache-Control")).toBe("public, max-age=60");
  });
});
