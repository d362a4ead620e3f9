import { env } from "cloudflare:workers";
import { generateSignedCookie } from "hono/cookie";
import { beforeEach, describe, expect, it } from "vitest";
import { deskSecret } from "../../../src/admin/desk/auth/desk-key";
import { SESSION_COOKIE, SESSION_SECONDS } from "../../../src/admin/desk/auth/session";
import { SIGN_IN_FAILURES_ALLOWED, SIGN_IN_WINDOW_SECONDS } from "../../../src/admin/desk/auth/sign-in-limit";
import { TOKEN } from "../../helpers";
import { appSender, csrfOf, DeskClient } from "./desk-client";

/** The session cookie's raw value (`<id>.<expiry>.<signature>`, URL-encoded) split into its parts. */
function sessionParts(client: DeskClient) {
  const value = decodeURIComponent(client.cookie(SESSION_COOKIE) ?? "");
  const [id = "", expiry = "", signature = ""] = value.split(".");
  return { id, expiry: Number(expiry), signature };
}

/** A session cookie for `value` signed with `secret`, as the browser would send it back. */
async function signedSessionCookie(value: string, secret: Uint8Array | string): Promise<string> {
  const header = await generateSignedCookie(SESSION_COOKIE, value, secret);
  return header.split(";")[0]?.slice(SESSION_COOKIE.length + 1) ?? "";
}

async function expectSentToSignIn(response: Response, query = "") {
  expect(response.status).toBe(303);
  expect(response.headers.get("Location")).toBe(`/desk/sign-in${query}`);
}

beforeEach(async () => {
  await env.DB.batch([env.DB.prepare("DELETE FROM desk_sessions"), env.DB.prepare("DELETE FROM desk_sign_in_failures")]);
});

describe("signing in", () => {
  it("sends a visitor without a session to the sign-in form, which carries a CSRF token", async () => {
    const desk = new DeskClient();
    await expectSentToSignIn(await desk.get("/desk/"));
    const form = await desk.get("/desk/sign-in");
    expect(form.status).toBe(200);
    const html = await form.text();
    expect(html).toContain('<input type="password" id="token" name="token"');
    expect(csrfOf(html)).toMatch(/^[0-9a-f]{64}$/);
  });

  it("starts a session with a signed, HttpOnly, SameSite=Strict, Secure cookie scoped to the desk that expires with the session", async () => {
    const desk = new DeskClient();
    const csrf = csrfOf(await (await desk.get("/desk/sign-in")).text());
    const answer = await desk.post("/desk/sign-in", { csrf, token: TOKEN });
    expect(answer.status).toBe(303);
    expect(answer.headers.get("Location")).toBe("/desk/");
    const cookie = answer.headers.getSetCookie().find((header) => header.startsWith(`${SESSION_COOKIE}=`)) ?? "";
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Strict/);
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/; Path=\/desk\//);
    expect(cookie).toContain(`Max-Age=${SESSION_SECONDS}`);
    const { id, expiry } = sessionParts(desk);
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    expect(expiry * 1000 - Date.now()).toBeGreaterThan((SESSION_SECONDS - 60) * 1000);
    // D1 keeps a hash of the id, never the id itself.
    const rows = await env.DB.prepare("SELECT id_hash FROM desk_sessions").all<{ id_hash: string }>();
    expect(rows.results.map((row) => row.id_hash)).not.toContain(id);
    expect(rows.results).toHaveLength(1);
    expect((await desk.get("/desk/")).status).toBe(200);
  });

  it("refuses a wrong token with 401 and no session", async () => {
    const desk = new DeskClient();
    const csrf = csrfOf(await (await desk.get("/desk/sign-in")).text());
    const answer = await desk.post("/desk/sign-in", { csrf, token: `${TOKEN}x` });
    expect(answer.status).toBe(401);
    expect(await answer.text()).toContain("That is not the admin token.");
    expect(desk.cookie(SESSION_COOKIE)).toBeUndefined();
    await expectSentToSignIn(await desk.get("/desk/"));
  });

  it("refuses a sign-in whose CSRF token is forged or whose form cookie is missing, even with the right token", async () => {
    const desk = new DeskClient();
    const csrf = csrfOf(await (await desk.get("/desk/sign-in")).text());
    const forged = await desk.post("/desk/sign-in", { csrf: "0".repeat(64), token: TOKEN });
    expect(forged.status).toBe(403);
    expect(desk.cookie(SESSION_COOKIE)).toBeUndefined();
    // The right token but from a browser that never loaded the form (a cross-site POST).
    const stranger = await new DeskClient().post("/desk/sign-in", { csrf, token: TOKEN });
    expect(stranger.status).toBe(403);
    expect(stranger.headers.getSetCookie().some((header) => header.startsWith(`${SESSION_COOKIE}=`))).toBe(false);
    expect((await env.DB.prepare("SELECT count(*) AS n FROM desk_sessions").first<{ n: number }>())?.n).toBe(0);
  });

  it(`rate-limits sign-in after ${SIGN_IN_FAILURES_ALLOWED} wrong tokens per client, even for the right token, until the window passes`, async () => {
    const desk = new DeskClient();
    const ip = { "CF-Connecting-IP": "203.0.113.7" };
    const csrf = csrfOf(await (await desk.get("/desk/sign-in")).text());
    for (let i = 0; i < SIGN_IN_FAILURES_ALLOWED; i++) {
      expect((await desk.post("/desk/sign-in", { csrf, token: "guess" }, ip)).status).toBe(401);
    }
    const limited = await desk.post("/desk/sign-in", { csrf, token: TOKEN }, ip);
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get("Retry-After"));
    expect(retryAfter).toBeGreaterThan(SIGN_IN_WINDOW_SECONDS - 60);
    expect(retryAfter).toBeLessThanOrEqual(SIGN_IN_WINDOW_SECONDS);
    expect(desk.cookie(SESSION_COOKIE)).toBeUndefined();
    // Another client is not held back by this one's guesses.
    expect((await desk.post("/desk/sign-in", { csrf, token: TOKEN }, { "CF-Connecting-IP": "198.51.100.2" })).status).toBe(303);
    // The address is not stored, only a keyed hash of it.
    const stored = await env.DB.prepare("SELECT client, failures FROM desk_sign_in_failures").all<{ client: string; failures: number }>();
    expect(stored.results).toHaveLength(1);
    // Every attempt since the last success counts, the refused one too.
    expect(stored.results[0]?.failures).toBe(SIGN_IN_FAILURES_ALLOWED + 1);
    expect(stored.results[0]?.client).not.toContain("203.0.113.7");
    // Once the window has passed, the client may try again.
    const later = new DeskClient({ send: appSender({ desk: { now: () => new Date(Date.now() + (SIGN_IN_WINDOW_SECONDS + 1) * 1000) } }) });
    const laterCsrf = csrfOf(await (await later.get("/desk/sign-in")).text());
    expect((await later.post("/desk/sign-in", { csrf: laterCsrf, token: TOKEN }, ip)).status).toBe(303);
  });

  it("counts parallel guesses before checking them: no more than the allowed number get through", async () => {
    const desk = new DeskClient();
    const csrf = csrfOf(await (await desk.get("/desk/sign-in")).text());
    const ip = { "CF-Connecting-IP": "203.0.113.9" };
    const answers = await Promise.all(Array.from({ length: 12 }, () => desk.post("/desk/sign-in", { csrf, token: "guess" }, ip)));
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses.filter((status) => status === 401)).toHaveLength(SIGN_IN_FAILURES_ALLOWED);
    expect(statuses.filter((status) => status === 429)).toHaveLength(12 - SIGN_IN_FAILURES_ALLOWED);
  });

  it("is closed, not open, without ADMIN_TOKEN", async () => {
    const closed = new DeskClient({ send: appSender({}, { ...env, ADMIN_TOKEN: undefined }) });
    const page = await closed.get("/desk/");
    expect(page.status).toBe(503);
    expect(await page.text()).toContain("ADMIN_TOKEN is not set");
    expect((await closed.get("/desk/sign-in")).status).toBe(503);
    expect((await closed.post("/desk/sign-in", { token: "" })).status).toBe(503);
  });
});

describe("a session cookie", () => {
  it("that was tampered with is refused", async () => {
    const desk = await new DeskClient().signIn();
    const { id, expiry, signature } = sessionParts(desk);
    const otherId = `${id.slice(0, -1)}${id.endsWith("0") ? "1" : "0"}`;
    desk.setCookie(SESSION_COOKIE, encodeURIComponent(`${otherId}.${expiry}.${signature}`));
    await expectSentToSignIn(await desk.get("/desk/"));
    // A later expiry with the old signature fails too.
    desk.setCookie(SESSION_COOKIE, encodeURIComponent(`${id}.${expiry + 86_400}.${signature}`));
    await expectSentToSignIn(await desk.get("/desk/"));
  });

  it("signed with another key is refused (a key from another token, or the token itself)", async () => {
    const desk = await new DeskClient().signIn();
    const { id, expiry } = sessionParts(desk);
    for (const wrongKey of [await deskSecret("another-admin-token", "session"), TOKEN, await deskSecret(TOKEN, "csrf")]) {
      desk.setCookie(SESSION_COOKIE, await signedSessionCookie(`${id}.${expiry}`, wrongKey));
      await expectSentToSignIn(await desk.get("/desk/"));
    }
    // The same value signed with the desk's own session key is accepted: the refusals above were the key's.
    desk.setCookie(SESSION_COOKIE, await signedSessionCookie(`${id}.${expiry}`, await deskSecret(TOKEN, "session")));
    expect((await desk.get("/desk/")).status).toBe(200);
  });

  it("past its expiry is refused, and the form says the session ended", async () => {
    const desk = await new DeskClient().signIn();
    const { id } = sessionParts(desk);
    const past = Math.floor(Date.now() / 1000) - 1;
    desk.setCookie(SESSION_COOKIE, await signedSessionCookie(`${id}.${past}`, await deskSecret(TOKEN, "session")));
    await expectSentToSignIn(await desk.get("/desk/"), "?expired=1");
    expect(await (await desk.get("/desk/sign-in?expired=1")).text()).toContain("Your session has ended.");
  });

  it("expires after the shift even if the browser keeps sending it", async () => {
    const desk = await new DeskClient().signIn();
    const cookie = desk.cookie(SESSION_COOKIE) ?? "";
    const later = new DeskClient({ send: appSender({ desk: { now: () => new Date(Date.now() + (SESSION_SECONDS + 5) * 1000) } }) });
    later.setCookie(SESSION_COOKIE, cookie);
    await expectSentToSignIn(await later.get("/desk/"), "?expired=1");
    const justBefore = new DeskClient({ send: appSender({ desk: { now: () => new Date(Date.now() + (SESSION_SECONDS - 60) * 1000) } }) });
    justBefore.setCookie(SESSION_COOKIE, cookie);
    expect((await justBefore.get("/desk/")).status).toBe(200);
  });

  it("is worthless after signing out, even replayed by someone who copied it", async () => {
    const desk = await new DeskClient().signIn();
    const copied = desk.cookie(SESSION_COOKIE) ?? "";
    const out = await desk.post("/desk/sign-out", { csrf: await desk.csrf() });
    await expectSentToSignIn(out, "?signed-out=1");
    expect(out.headers.getSetCookie().some((header) => header.startsWith(`${SESSION_COOKIE}=;`) && /Max-Age=0/.test(header))).toBe(true);
    const thief = new DeskClient();
    thief.setCookie(SESSION_COOKIE, copied);
    await expectSentToSignIn(await thief.get("/desk/"), "?expired=1");
    expect((await env.DB.prepare("SELECT count(*) AS n FROM desk_sessions").first<{ n: number }>())?.n).toBe(0);
  });
});

describe("forms", () => {
  it("refuse a POST without the CSRF token, with another session's token, or from another site: nothing changes", async () => {
    const desk = await new DeskClient().signIn();
    const other = await new DeskClient().signIn();
    const sessions = async () => (await env.DB.prepare("SELECT count(*) AS n FROM desk_sessions").first<{ n: number }>())?.n;
    expect(await sessions()).toBe(2);
    const attempts = [
      await desk.post("/desk/sign-out", {}),
      await desk.post("/desk/sign-out", { csrf: await other.csrf() }),
      await desk.post("/desk/sign-out", { csrf: await desk.csrf() }, { "Sec-Fetch-Site": "cross-site" }),
    ];
    for (const answer of attempts) {
      expect(answer.status).toBe(403);
      expect(await answer.text()).toContain("nothing was changed");
    }
    expect(await sessions()).toBe(2);
    expect((await desk.get("/desk/")).status).toBe(200);
  });

  it("refuse a POST without a session with 401 and a way to sign in", async () => {
    const answer = await new DeskClient().post("/desk/sign-out", { csrf: "x" });
    expect(answer.status).toBe(401);
    expect(await answer.text()).toContain('href="/desk/sign-in"');
  });

  it("refuse an oversized body with 413", async () => {
    const desk = await new DeskClient().signIn();
    const answer = await desk.post("/desk/sign-out", { csrf: await desk.csrf(), padding: "x".repeat(20_000) });
    expect(answer.status).toBe(413);
    expect((await desk.get("/desk/")).status).toBe(200);
  });
});

describe("nothing under /desk/", () => {
  it("is cached or indexed: sign-in, pages, redirects and refusals", async () => {
    const desk = await new DeskClient().signIn();
    const answers = [
      await desk.get("/desk/"),
      await new DeskClient().get("/desk/sign-in"),
      await new DeskClient().get("/desk/"),
      await new DeskClient().post("/desk/sign-out", {}),
      await desk.get("/desk/no-such-page"),
    ];
    for (const answer of answers) {
      expect(answer.headers.get("Cache-Control")).toBe("no-store");
      expect(answer.headers.get("X-Robots-Tag")).toBe("noindex, nofollow");
    }
    expect(await answers[0]?.text()).toContain('<meta name="robots" content="noindex, nofollow"/>');
  });

  it("runs no script and no inline style the CSP does not allow: the one stylesheet matches its hash", async () => {
    const desk = await new DeskClient().signIn();
    for (const path of ["/desk/", "/desk/sign-in"]) {
      const page = await (path === "/desk/" ? desk : new DeskClient()).get(path);
      const html = await page.text();
      const inline = [...html.matchAll(/<(style|script)\b[^>]*>([\s\S]*?)<\/\1>/g)];
      expect(inline.map((match) => match[1])).toEqual(["style"]);
      expect(html).not.toMatch(/\sstyle="/);
      const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(inline[0]?.[2] ?? ""));
      const hash = btoa(String.fromCharCode(...new Uint8Array(digest)));
      expect(page.headers.get("Content-Security-Policy")).toContain(`'sha256-${hash}'`);
      expect(page.headers.get("Content-Security-Policy")).toContain("script-src 'sha256-");
    }
  });

  it("reaches the origin in edge mode: an unknown desk path is the desk's own 404, cookies never passed on", async () => {
    const seen: string[] = [];
    const origin = {
      fetcher: (async (input: RequestInfo | URL) => {
        seen.push(String(input instanceof Request ? input.url : input));
        return new Response("<p>WordPress</p>", { headers: { "Content-Type": "text/html" } });
      }) as typeof fetch,
    };
    const edge = { ...env, ORIGIN_URL: "https://origin.news.example" };
    const signedIn = await new DeskClient({ send: appSender({ origin }, edge) }).signIn();
    for (const [method, path] of [
      ["GET", "/desk/nope"],
      ["GET", "/desk/articles/"],
      ["OPTIONS", "/desk/"],
    ] as const) {
      const answer =
        method === "GET"
          ? await signedIn.get(path)
          : await appSender(
              { origin },
              edge,
            )(new Request(`https://news.example${path}`, { method, headers: { Cookie: signedIn.cookieHeader() } }));
      expect(answer.status, `${method} ${path}`).toBe(404);
      expect(await answer.text()).toContain("The desk has no such page.");
    }
    expect(seen).toEqual([]);
  });

  it("is crawled: robots.txt keeps crawlers out", async () => {
    expect(await (await new DeskClient().get("/robots.txt")).text()).toContain("Disallow: /desk/\n");
  });
});
