import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/app/create-app";
import { adminApi, seedArticleInput } from "../helpers";

beforeAll(async () => {
  expect((await adminApi("PUT", "/iraqi-prime-minister-survives-drone-attack", seedArticleInput())).status).toBe(201);
});

/** A request through the app with some vars changed: the answer, and its JSON. */
async function answerWith(vars: Partial<Cloudflare.Env>, path = "/", init: RequestInit = {}) {
  const res = await createApp().fetch(new Request(`https://herald.test${path}`, init), { ...env, ...vars }, createExecutionContext());
  return { status: res.status, body: await res.json<{ error: string; details: string[] }>() };
}

describe("health and configuration", () => {
  it("a malformed SITE_URL is a clear error on every route", async () => {
    const app = createApp();
    for (const path of ["/", "/healthz", "/articles/x", "/api/articles"]) {
      const res = await app.fetch(
        new Request(`https://herald.test${path}`),
        { ...env, SITE_URL: "news.example" },
        createExecutionContext(),
      );
      expect(res.status).toBe(500);
      expect(await res.json()).toEqual({
        error: "Herald is misconfigured",
        details: ["SITE_URL must be an absolute URL such as https://news.example"],
      });
    }
  });

  it("edge mode's ORIGIN_URL must be an origin: a path would shift every path and redirect", async () => {
    const res = await answerWith({ ORIGIN_URL: "https://origin.news.example/wp" });
    expect(res.status).toBe(500);
    expect(res.body.details).toEqual(["ORIGIN_URL must be an origin without a path, such as https://origin.news.example"]);
  });

  it("an invalid SITE_LANGUAGE is a configuration error, not a crash in date formatting", async () => {
    const res = await answerWith({ SITE_LANGUAGE: "en-a1" });
    expect(res.status).toBe(500);
    expect(res.body.details).toEqual(["SITE_LANGUAGE must be a language tag such as en-US"]);
  });

  it("an ADMIN_TOKEN no bearer header can carry closes the admin API with a reason", async () => {
    const res = await answerWith({ ADMIN_TOKEN: "has spaces and ünïcode" }, "/api/articles", { headers: { Authorization: "Bearer x" } });
    expect(res.status).toBe(503);
    expect(res.body.details[0]).toMatch(/ADMIN_TOKEN may only contain/);
  });

  it("a SITE_ICON_URL that RSS cannot show is a configuration error", async () => {
    const res = await answerWith({ SITE_ICON_URL: "https://news.example/icon.webp" }, "/feed.xml");
    expect(res.status).toBe(500);
    expect(res.body.details).toEqual(["SITE_ICON_URL must be an absolute http(s) URL of a PNG, JPEG or GIF image"]);
  });

  it("a SITE_URL that is not set at all (absent from the bindings) is reported by name", async () => {
    const { SITE_URL: _unset, ...withoutSiteUrl } = env;
    const res = await createApp().fetch(new Request("https://herald.test/"), withoutSiteUrl, createExecutionContext());
    expect(res.status).toBe(500);
    expect((await res.json<{ details: string[] }>()).details).toEqual(["SITE_URL is required"]);
  });

  it("a missing SITE_URL is reported too", async () => {
    const res = await createApp().fetch(new Request("https://herald.test/"), { ...env, SITE_URL: undefined }, createExecutionContext());
    expect(res.status).toBe(500);
    expect((await res.json<{ details: string[] }>()).details).toEqual(["SITE_URL is required"]);
  });

  it("closes the admin API when ADMIN_TOKEN is not set", async () => {
    const res = await createApp().fetch(
      new Request("https://herald.test/api/articles", { headers: { Authorization: "Bearer anything" } }),
      { ...env, ADMIN_TOKEN: undefined },
      createExecutionContext(),
    );
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ error: "admin API disabled" });
  });
});
