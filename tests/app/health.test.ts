import { beforeAll, describe, expect, it } from "vitest";
import { adminApi, request, seedArticleInput } from "../helpers";

beforeAll(async () => {
  expect((await adminApi("PUT", "/iraqi-prime-minister-survives-drone-attack", seedArticleInput())).status).toBe(201);
});

describe("health", () => {
  it("healthz reports D1", async () => {
    const res = await request("/healthz");
    expect(res.status).toBe(200);
    const body = await res.json<{ status: string; d1: string; publishedArticles: number }>();
    expect(body.status).toBe("ok");
    expect(body.d1).toBe("ok");
    expect(body.publishedArticles).toBeGreaterThan(0);
  });
});
