import { env } from "cloudflare:workers";
import { sign } from "hono/jwt";
import { beforeEach, describe, expect, it } from "vitest";
import { ACCESS_JWT_HEADER, forgetAccessKeys } from "../../../src/admin/desk/auth/access-jwt";
import { appSender, csrfOf, DeskClient } from "./desk-client";

const TEAM = "newsroom.cloudflareaccess.com";
const AUD = "9f2c6d1e4b8a7c3d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5";
const accessEnv = { ...env, ACCESS_TEAM_DOMAIN: TEAM, ACCESS_AUD: AUD };

interface TestKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JsonWebKey & { kid: string };
}

/** An RSA key pair like the ones Access signs with (RS256, 2048 bits), made for the test. */
async function testKey(kid: string): Promise<TestKey> {
  const pair = (await crypto.subtle.generateKey(
    { name: "RSASSA-PKCS1-v1_5", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" },
    true,
    ["sign", "verify"],
  )) as CryptoKeyPair;
  const jwk = (await crypto.subtle.exportKey("jwk", pair.publicKey)) as JsonWebKey;
  return { kid, privateKey: pair.privateKey, publicJwk: { kid, kty: "RSA", alg: "RS256", use: "sig", e: jwk.e, n: jwk.n } };
}

/**
 * Access's certs endpoint as it answers (https://<team>/cdn-cgi/access/certs): the current and
 * previous keys as a JWKS, and their certificates (not used by Herald). Counts its requests.
 */
function accessCerts(keys: () => TestKey[]) {
  const calls: string[] = [];
  const fetcher = (async (input: RequestInfo | URL) => {
    const url = String(input instanceof Request ? input.url : input);
    calls.push(url);
    if (url !== `https://${TEAM}/cdn-cgi/access/certs`) return new Response("not found", { status: 404 });
    const published = keys();
    return Response.json({
      keys: published.map((key) => key.publicJwk),
      public_cert: { kid: published[0]?.kid, cert: "-----BEGIN CERTIFICATE-----\n…\n-----END CERTIFICATE-----\n" },
      public_certs: published.map((key) => ({ kid: key.kid, cert: "-----BEGIN CERTIFICATE-----\n…\n-----END CERTIFICATE-----\n" })),
    });
  }) as typeof fetch;
  return { fetcher, calls };
}

/** A token shaped like Access's application token. */
function accessToken(key: TestKey, overrides: Record<string, unknown> = {}, header: { kid?: string } = {}) {
  const now = Math.floor(Date.now() / 1000);
  const payload = {
    aud: [AUD],
    email: "editor@news.example",
    exp: now + 3600,
    iat: now - 10,
    nbf: now - 10,
    iss: `https://${TEAM}`,
    type: "app",
    identity_nonce: "6ei69kawdKzMIAPF",
    sub: "7335d417-61da-459d-899c-0a01c76a2f94",
    country: "US",
    ...overrides,
  };
  return signWithKid(payload, key, header.kid ?? key.kid);
}

/** Hono's sign() with the key's id in the header, as Access puts it. */
async function signWithKid(payload: Record<string, unknown>, key: TestKey, kid: string): Promise<string> {
  const jwk = { ...((await crypto.subtle.exportKey("jwk", key.privateKey)) as JsonWebKey), kid, alg: "RS256" };
  return sign(payload, jwk, "RS256");
}

let current: TestKey;
let other: TestKey;
let certs: ReturnType<typeof accessCerts>;
let published: TestKey[];

beforeEach(async () => {
  forgetAccessKeys();
  current = await testKey("a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9");
  other = await testKey("ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100");
  published = [current];
  certs = accessCerts(() => published);
});

const deskBehindAccess = () => new DeskClient({ send: appSender({ desk: { fetcher: certs.fetcher } }, accessEnv) });

describe("behind Cloudflare Access", () => {
  it("lets in a request carrying a valid Access token, shown by its email, with no sign-in form", async () => {
    const desk = deskBehindAccess();
    const page = await desk.get("/desk/", { [ACCESS_JWT_HEADER]: await accessToken(current) });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("<h1>Articles</h1>");
    expect(html).toContain("editor@news.example");
    expect(html).not.toContain("Signed in with the admin token");
    expect(certs.calls).toEqual([`https://${TEAM}/cdn-cgi/access/certs`]);
    // The token form is not offered: Access is the way in.
    const form = await desk.get("/desk/sign-in");
    expect(form.status).toBe(303);
    expect(form.headers.get("Location")).toBe("/desk/");
  });

  it("refuses, with 403, every token Access did not issue for this application", async () => {
    const now = Math.floor(Date.now() / 1000);
    const refused: Record<string, string | undefined> = {
      "no token": undefined,
      "not a JWT": "not-a-token",
      "another application's audience": await accessToken(current, { aud: ["0".repeat(64)] }),
      "another team's issuer": await accessToken(current, { iss: "https://elsewhere.cloudflareaccess.com" }),
      expired: await accessToken(current, { exp: now - 60, iat: now - 3660, nbf: now - 3660 }),
      "not yet valid": await accessToken(current, { nbf: now + 600, iat: now }),
      "no expiry": await accessToken(current, { exp: undefined }),
      "signed by another key under the published key's id": await signWithKid(
        { aud: [AUD], iss: `https://${TEAM}`, sub: "x", exp: now + 60, iat: now },
        other,
        current.kid,
      ),
      "signed by an unpublished key": await accessToken(other),
      "alg none": `${btoa(JSON.stringify({ alg: "none", kid: current.kid })).replace(/=+$/, "")}.${btoa(
        JSON.stringify({ aud: [AUD], iss: `https://${TEAM}`, sub: "x", exp: now + 60 }),
      ).replace(/=+$/, "")}.`,
    };
    for (const [why, token] of Object.entries(refused)) {
      const answer = await deskBehindAccess().get("/desk/", token ? { [ACCESS_JWT_HEADER]: token } : {});
      expect(answer.status, why).toBe(403);
      expect(await answer.text(), why).toContain("Sign in through Cloudflare Access");
    }
  });

  it("does not accept the desk's own session cookie in place of Access", async () => {
    const signedIn = await new DeskClient().signIn();
    const desk = deskBehindAccess();
    desk.setCookie("herald_desk", signedIn.cookie("herald_desk") ?? "");
    expect((await desk.get("/desk/")).status).toBe(403);
  });

  it("fetches the keys again when a token names a key it has not seen (Access rotated its keys), at most once a minute", async () => {
    const inAMinute = new DeskClient({
      send: appSender({ desk: { fetcher: certs.fetcher, now: () => new Date(Date.now() + 61_000) } }, accessEnv),
    });
    const desk = deskBehindAccess();
    expect((await desk.get("/desk/", { [ACCESS_JWT_HEADER]: await accessToken(current) })).status).toBe(200);
    published = [other, current];
    // Made-up key ids right after a fetch cost no request to Access.
    for (let i = 0; i < 5; i++) {
      expect((await desk.get("/desk/", { [ACCESS_JWT_HEADER]: await accessToken(current, {}, { kid: `made-up-${i}` }) })).status).toBe(403);
    }
    expect(certs.calls).toHaveLength(1);
    expect((await inAMinute.get("/desk/", { [ACCESS_JWT_HEADER]: await accessToken(other) })).status).toBe(200);
    expect(certs.calls).toHaveLength(2);
    // A known key is not fetched again.
    expect((await desk.get("/desk/", { [ACCESS_JWT_HEADER]: await accessToken(current) })).status).toBe(200);
    expect(certs.calls).toHaveLength(2);
  });

  it("binds forms to the Access user: their CSRF token passes, another user's is refused; signing out goes to Access's logout", async () => {
    const desk = deskBehindAccess();
    const jwt = { [ACCESS_JWT_HEADER]: await accessToken(current) };
    const own = csrfOf(await (await desk.get("/desk/", jwt)).text());
    const anotherUser = csrfOf(
      await (await desk.get("/desk/", { [ACCESS_JWT_HEADER]: await accessToken(current, { sub: "another-user" }) })).text(),
    );
    expect(anotherUser).not.toBe(own);
    expect((await desk.post("/desk/sign-out", { csrf: anotherUser }, jwt)).status).toBe(403);
    const out = await desk.post("/desk/sign-out", { csrf: own }, jwt);
    expect(out.status).toBe(303);
    expect(out.headers.get("Location")).toBe("/cdn-cgi/access/logout");
  });
});

describe("when Access's keys cannot be fetched", () => {
  it("answers 503 with Retry-After, not a 500 and not a way in", async () => {
    for (const fetcher of [
      (async () => new Response("upstream error", { status: 502 })) as unknown as typeof fetch,
      (async () => Response.json({ keys: [] })) as unknown as typeof fetch,
      (async () => {
        throw new TypeError("fetch failed");
      }) as unknown as typeof fetch,
    ]) {
      forgetAccessKeys();
      const desk = new DeskClient({ send: appSender({ desk: { fetcher } }, accessEnv) });
      const answer = await desk.get("/desk/", { [ACCESS_JWT_HEADER]: await accessToken(current) });
      expect(answer.status).toBe(503);
      expect(answer.headers.get("Retry-After")).toBe("30");
      expect(await answer.text()).toContain("Cloudflare Access cannot be checked");
    }
  });
});

describe("ACCESS_TEAM_DOMAIN and ACCESS_AUD", () => {
  it("must be set together and well formed: Herald says what to fix", async () => {
    for (const [vars, problem] of [
      [{ ACCESS_TEAM_DOMAIN: TEAM }, "ACCESS_TEAM_DOMAIN and ACCESS_AUD go together"],
      [{ ACCESS_AUD: AUD }, "ACCESS_TEAM_DOMAIN and ACCESS_AUD go together"],
      [{ ACCESS_TEAM_DOMAIN: "newsroom.example", ACCESS_AUD: AUD }, "ACCESS_TEAM_DOMAIN must be your Zero Trust team domain"],
      [{ ACCESS_TEAM_DOMAIN: TEAM, ACCESS_AUD: "abc" }, "ACCESS_AUD must be the Access application's audience tag"],
    ] as const) {
      const answer = await new DeskClient({ send: appSender({}, { ...env, ...vars }) }).get("/desk/");
      expect(answer.status).toBe(500);
      expect(JSON.stringify(await answer.json())).toContain(problem);
    }
  });
});
