import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { decode, encode } from "fast-png";
import jpeg from "jpeg-js";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createApp } from "../../src/app/create-app";
import { CARD_MAX_BYTES } from "../../src/cards/card-design";
import { type CardRequest, renderCard } from "../../src/cards/card-image";
import { storedCard } from "../../src/cards/cards";
import { encodeJpeg } from "../../src/cards/encode";
import { fetchLeadImage } from "../../src/cards/lead-image";
import { adminApi, adminWriteAndSettle, currentCardPath, htmlArticleInput, renameArticle, request, seedArticleInput } from "../helpers";

const SEED = "iraqi-prime-minister-survives-drone-attack";
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function expectCardPng(bytes: Uint8Array) {
  expect([...bytes.slice(0, 8)]).toEqual(PNG_SIGNATURE);
  expect(bytes.byteLength).toBeLessThan(CARD_MAX_BYTES);
  const image = decode(bytes);
  expect([image.width, image.height]).toEqual([1200, 630]);
  return image;
}

beforeAll(async () => {
  expect((await adminApi("PUT", `/${SEED}`, seedArticleInput())).status).toBe(201);
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe("GET /cards/:slug.png", () => {
  it("redirects a missing or stale version to the current one", async () => {
    const path = await currentCardPath(SEED);
    expect(path).toMatch(/^\/cards\/iraqi-prime-minister-survives-drone-attack\.png\?v=[0-9a-f]{16}$/);
    const stale = await request(`/cards/${SEED}.png?v=0000000000000000`, { redirect: "manual" });
    expect(stale.status).toBe(302);
    expect(stale.headers.get("Location")).toBe(`https://news.example${path}`);
  });

  it("serves the seed article's card: a 1200×630 PNG under 300 KB, immutable", async () => {
    const res = await request(await currentCardPath(SEED));
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("image/png");
    expect(res.headers.get("Cache-Control")).toBe("public, max-age=31536000, immutable");
    expect(res.headers.get("X-Herald-Card")).toBeNull();
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(Number(res.headers.get("Content-Length"))).toBe(bytes.byteLength);
    const image = expectCardPng(bytes);
    // Not blank: the headline's white pixels are there on the dark background.
    const channels = image.channels;
    let white = 0;
    for (let i = 0; i < image.data.length; i += channels)
      if ((image.data[i] ?? 0) > 240 && (image.data[i + 1] ?? 0) > 240 && (image.data[i + 2] ?? 0) > 240) white++;
    expect(white).toBeGreaterThan(10_000);
  });

  it("answers HEAD and Range requests", async () => {
    const path = await currentCardPath(SEED);
    const full = new Uint8Array(await (await request(path)).arrayBuffer());
    const head = await request(path, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("Content-Type")).toBe("image/png");
    expect(await head.text()).toBe("");

    const ranged = await request(path, { headers: { Range: "bytes=0-7" } });
    expect(ranged.status).toBe(206);
    expect(ranged.headers.get("Content-Range")).toBe(`bytes 0-7/${full.byteLength}`);
    expect([...new Uint8Array(await ranged.arrayBuffer())]).toEqual(PNG_SIGNATURE);

    const tail = await request(path, { headers: { Range: "bytes=-4" } });
    expect(tail.status).toBe(206);
    expect([...new Uint8Array(await tail.arrayBuffer())]).toEqual([...full.slice(-4)]);

    const past = await request(path, { headers: { Range: `bytes=${full.byteLength}-` } });
    expect(past.status).toBe(416);
    expect(past.headers.get("Content-Range")).toBe(`bytes */${full.byteLength}`);
    expect(past.headers.get("Cache-Control")).toBe("no-store");
    for (const ignored of ["bytes=abc", "items=0-5", "bytes=0-1,4-5", "bytes=10-5"]) {
      const res = await request(path, { headers: { Range: ignored } });
      expect(res.status, ignored).toBe(200);
      expect((await res.arrayBuffer()).byteLength).toBe(full.byteLength);
    }
  });

  it("moves to a new version when the article changes", async () => {
    await adminApi("PUT", "/versioned", htmlArticleInput({ title: "First headline" }));
    const before = await currentCardPath("versioned");
    await adminApi("PUT", "/versioned", htmlArticleInput({ title: "Second headline" }));
    const after = await currentCardPath("versioned");
    expect(after).not.toBe(before);
    expect((await request(before, { redirect: "manual" })).status).toBe(302);
    const page = await (await request("/articles/versioned")).text();
    expect(page).toContain(`content="https://news.example${after.replace("&", "&amp;")}"`);
  });

  it("renders titles in scripts the main font lacks, never a crash or a fallback", async () => {
    const titles = [
      "مقتل متظاهر في بغداد بعد الانتخابات",
      "ראש הממשלה שרד ניסיון התנקשות",
      "Премьер-министр Ирака выжил",
      "伊拉克总理在无人机袭击中幸存 🚀",
      "प्रधानमंत्री हमले में बचे",
    ];
    for (const [index, title] of titles.entries()) {
      await adminApi("PUT", `/script-${index}`, htmlArticleInput({ title }));
      const res = await request(await currentCardPath(`script-${index}`));
      expect(res.status, title).toBe(200);
      expect(res.headers.get("X-Herald-Card"), title).toBeNull();
      expectCardPng(new Uint8Array(await res.arrayBuffer()));
    }
  });

  it("follows a renamed article from its old slug", async () => {
    await renameArticle("card-old-name", "card-new-name");
    const res = await request("/cards/card-old-name.png", { redirect: "manual" });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("https://news.example/cards/card-new-name.png");
  });

  it("is 404 for unknown and unpublished articles, and for names that are not a card's", async () => {
    expect((await request("/cards/no-such-article.png")).status).toBe(404);
    await adminApi("PUT", "/card-draft", htmlArticleInput({ status: "draft" }));
    expect((await request("/cards/card-draft.png")).status).toBe(404);
    for (const name of [`${SEED}.gif`, `${SEED}.2x1.png`, `${SEED}`, `${SEED}.og.png`])
      expect((await request(`/cards/${name}`)).status, name).toBe(404);
  });

  it("leads the other file type to the card's own (the seed card has no photo: PNG)", async () => {
    const res = await request(`/cards/${SEED}.jpg`, { redirect: "manual" });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`https://news.example${await currentCardPath(SEED)}`);
  });
});

describe("when rendering fails", () => {
  it("serves the card drawn but not kept (a real PNG, 200, short-lived) and never a 5xx when R2 cannot store it", async () => {
    await adminApi("PUT", "/unlucky", htmlArticleInput());
    const path = await currentCardPath("unlucky");
    // A bucket that cannot store anything: the render's put fails (tests/cards/card-faults.test.ts covers the rest).
    const broken = {
      get: async () => null,
      put: async () => {
        throw new Error("R2 is down");
      },
    } as unknown as R2Bucket;
    vi.spyOn(console, "error").mockImplementation(() => {});
    const res = await createApp().fetch(new Request(`https://herald.test${path}`), { ...env, CARDS: broken }, createExecutionContext());
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("image/png");
    expect(res.headers.get("X-Herald-Card")).toBeNull();
    expect(res.headers.get("Cache-Control")).toBe("public, max-age=60");
    const image = decode(new Uint8Array(await res.arrayBuffer()));
    expect([image.width, image.height]).toEqual([1200, 630]);
  });

  it("serves the site's default card at /site-card.png, where no article slug can shadow it", async () => {
    const redirect = await request("/site-card.png", { redirect: "manual" });
    expect(redirect.status).toBe(302);
    const location = new URL(redirect.headers.get("Location") ?? "");
    const res = await request(location.pathname + location.search);
    expect(res.status).toBe(200);
    expectCardPng(new Uint8Array(await res.arrayBuffer()));
  });
});

describe("rendering once", () => {
  const card: CardRequest = {
    text: { headline: "A herd of crawlers", byline: "By Jane Roe", siteName: "FISM News", direction: "ltr" },
    layout: "text",
    frame: "og",
    format: "image/png",
  };

  it("renders a new card once however many requests arrive at the same time", async () => {
    let renders = 0;
    const countingRender = async (request: CardRequest) => {
      renders++;
      return renderCard(request);
    };
    const key = `test/herd-${Date.now()}.png`;
    const results = await Promise.all(
      Array.from({ length: 200 }, () => storedCard(env.CARDS, key, async () => ({ request: card, final: true }), countingRender)),
    );
    expect(renders).toBe(1);
    expect(new Set(results.map((stored) => stored.bytes.byteLength)).size).toBe(1);
    expect(results.every((stored) => stored.final)).toBe(true);
    // Later requests are served from R2 without rendering.
    await storedCard(env.CARDS, key, async () => ({ request: card, final: true }), countingRender);
    expect(renders).toBe(1);
    expect((await env.CARDS.head(key))?.httpMetadata?.contentType).toBe("image/png");
  });

  it("renders the share card ahead of the first crawler when an article is published", async () => {
    const res = await adminWriteAndSettle("PUT", "pre-rendered", htmlArticleInput({ title: "Rendered before anyone asks" }));
    const article = (await res.json<{ article: { id: string; slug: string } }>()).article;
    const version = new URL(`https://x${await currentCardPath(article.slug)}`).searchParams.get("v");
    expect(await env.CARDS.head(`articles/${article.id}/${version}.og.png`)).not.toBeNull();
  });

  it("does not store a card drawn while its lead image was unavailable", async () => {
    const key = `test/transient-${Date.now()}.png`;
    expect((await storedCard(env.CARDS, key, async () => ({ request: card, final: false }))).final).toBe(false);
    expect(await env.CARDS.head(key)).toBeNull();
  });

  it("keeps a photo card under 300 KB even for a photo of pure noise, by quality and at last without the photo", async () => {
    let seed = 7;
    const noise = new Uint8Array(1200 * 800 * 4).map((_, i) => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return i % 4 === 3 ? 255 : seed >>> 24;
    });
    vi.spyOn(console, "error").mockImplementation(() => {});
    const drawn = await renderCard({
      ...card,
      layout: "photo-full",
      format: "image/jpeg",
      photo: { width: 1200, height: 800, data: noise },
    });
    expect(drawn.type).toBe("image/jpeg");
    expect(drawn.bytes.byteLength).toBeLessThanOrEqual(CARD_MAX_BYTES);
    const image = jpeg.decode(drawn.bytes);
    expect([image.width, image.height]).toEqual([1200, 630]);
    // At last drawn without the photo: the card's background where the noise would be.
    expect(
      [...image.data.slice((20 * 1200 + 1180) * 4, (20 * 1200 + 1180) * 4 + 3)].every((v, i) => Math.abs(v - ([20, 33, 61][i] ?? 0)) < 12),
    ).toBe(true);
    // A quieter photo stays at the first quality and keeps the photo.
    const calm = new Uint8Array(1200 * 800 * 4).map((_, i) => (i % 4 === 3 ? 255 : (i >> 6) % 200));
    expect((await encodeJpeg(calm, 1200, 800)).byteLength).toBeLessThan(CARD_MAX_BYTES);
  });
});

describe("lead images", () => {
  it("are fetched only from configured hosts, only PNG or JPEG, within the size limit", async () => {
    const card = new Uint8Array(await (await request(await currentCardPath(SEED))).arrayBuffer());
    // Recorded answer of an image CDN: the bytes with their type and length.
    const fetcher = vi.fn(
      async () => new Response(card, { headers: { "Content-Type": "image/png", "Content-Length": String(card.byteLength) } }),
    );
    const fetched = await fetchLeadImage("https://images.example/lead.png", ["images.example"], fetcher as unknown as typeof fetch);
    expect("bytes" in fetched && fetched.type === "image/png" && fetched.bytes.byteLength === card.byteLength).toBe(true);

    expect(await fetchLeadImage("https://elsewhere.example/lead.png", ["images.example"], fetcher as unknown as typeof fetch)).toEqual({
      skipped: "host not allowed",
    });
    for (const elsewhere of [
      "http://images.example/lead.png",
      "https://images.example:8443/lead.png",
      "https://user:pw@images.example/lead.png",
    ]) {
      expect(await fetchLeadImage(elsewhere, ["images.example"], fetcher as unknown as typeof fetch), elsewhere).toEqual({
        skipped: "host not allowed",
      });
    }
    expect(fetcher).toHaveBeenCalledTimes(1);

    const answer = (body: BodyInit, type: string, status = 200) =>
      vi.fn(async () => new Response(body, { status, headers: { "Content-Type": type } })) as unknown as typeof fetch;
    expect(await fetchLeadImage("https://images.example/a.webp", ["images.example"], answer("RIFF", "image/webp"))).toHaveProperty(
      "skipped",
    );
    expect(
      await fetchLeadImage("https://images.example/huge.jpg", ["images.example"], answer(new Uint8Array(4 * 1024 * 1024), "image/jpeg")),
    ).toHaveProperty("skipped");
    // Declared a PNG, but it is not one.
    expect(
      await fetchLeadImage("https://images.example/fake.png", ["images.example"], answer("<html>not an image</html>", "image/png")),
    ).toHaveProperty("skipped");
    // A small file that would decode to 8000×8000 pixels.
    const giant = encode({ width: 8000, height: 8000, channels: 1, data: new Uint8Array(8000 * 8000) });
    expect(await fetchLeadImage("https://images.example/giant.png", ["images.example"], answer(giant, "image/png"))).toHaveProperty(
      "skipped",
    );
    // A failing image host is worth trying again later.
    expect(await fetchLeadImage("https://images.example/down.png", ["images.example"], answer("", "text/plain", 503))).toEqual({
      unavailable: "HTTP 503",
    });
  });

  it("ask workerd for a request it accepts, and do not follow redirects to other hosts", async () => {
    // workerd refuses `redirect: "error"`; building the Request with the renderer's options here
    // runs workerd's own checks (the benchmark found every lead image failing this way).
    const card = new Uint8Array(await (await request(await currentCardPath(SEED))).arrayBuffer());
    const requests: Request[] = [];
    const recorded = (answer: Response) =>
      (async (input: RequestInfo | URL, init?: RequestInit) => {
        requests.push(new Request(input, init));
        return answer;
      }) as typeof fetch;
    const fetched = await fetchLeadImage(
      "https://images.example/lead.png",
      ["images.example"],
      recorded(new Response(card, { headers: { "Content-Type": "image/png" } })),
    );
    expect(fetched).toHaveProperty("bytes");
    expect(requests[0]?.redirect).toBe("manual");
    const moved = new Response(null, { status: 301, headers: { Location: "https://elsewhere.example/lead.png" } });
    expect(await fetchLeadImage("https://images.example/moved.png", ["images.example"], recorded(moved))).toEqual({ skipped: "HTTP 301 " });
  });

  const withImages = () => ({ ...env, CARD_IMAGE_HOSTS: "images.example" });
  const fetchWith = (bindings: Cloudflare.Env, path: string) =>
    createApp().fetch(new Request(`https://herald.test${path}`), bindings, createExecutionContext());
  /** The page's og:image tags and JSON-LD images, as a crawler reads them. */
  async function pageImages(bindings: Cloudflare.Env, slug: string) {
    const html = await (await fetchWith(bindings, `/articles/${slug}`)).text();
    const meta = (key: string) => new RegExp(`<meta property="${key}" content="([^"]*)"`).exec(html)?.[1]?.replace(/&amp;/g, "&") ?? "";
    const jsonLd = JSON.parse(/<script type="application\/ld\+json">(.*?)<\/script>/s.exec(html)?.[1] ?? "{}");
    return {
      image: meta("og:image"),
      type: meta("og:image:type"),
      width: meta("og:image:width"),
      height: meta("og:image:height"),
      schema: jsonLd.image as string[],
    };
  }
  const pathOf = (url: string) => new URL(url).pathname + new URL(url).search;

  it("appear on a JPEG card whose page declares it truly, in every frame", async () => {
    // A plain red photo, as an image CDN would send it.
    const red = encode({
      width: 400,
      height: 300,
      channels: 3,
      data: new Uint8Array(400 * 300 * 3).map((_, i) => (i % 3 === 0 ? 220 : 30)),
    });
    vi.spyOn(globalThis, "fetch").mockImplementation(async () => new Response(red, { headers: { "Content-Type": "image/png" } }));
    const bindings = withImages();
    await adminWriteAndSettle(
      "PUT",
      "with-lead-image",
      htmlArticleInput({ title: "Same headline", leadImage: { url: "https://images.example/lead.png", alt: "Lead" } }),
      bindings,
    );
    const images = await pageImages(bindings, "with-lead-image");
    expect(images.image).toMatch(/^https:\/\/news\.example\/cards\/with-lead-image\.jpg\?v=[0-9a-f]{16}$/);
    expect([images.type, images.width, images.height]).toEqual(["image/jpeg", "1200", "630"]);

    const res = await fetchWith(bindings, pathOf(images.image));
    expect(res.headers.get("Content-Type")).toBe("image/jpeg");
    const card = jpeg.decode(new Uint8Array(await res.arrayBuffer()));
    expect([card.width, card.height]).toEqual([1200, 630]);
    // The right-hand side shows the photo; the left keeps the card's background.
    const pixel = (x: number, y: number) => [...card.data.slice((y * 1200 + x) * 4, (y * 1200 + x) * 4 + 3)];
    const near = (got: number[], want: number[]) => got.every((value, i) => Math.abs(value - (want[i] ?? 0)) < 12);
    expect(near(pixel(1100, 300), [220, 30, 30])).toBe(true);
    expect(near(pixel(20, 600), [20, 33, 61])).toBe(true);

    // JSON-LD: Google's three frames, then the photo itself.
    expect(images.schema.map((url) => /\.(16x9|4x3|1x1)\.jpg\?v=/.exec(url)?.[1] ?? url)).toEqual([
      "16x9",
      "4x3",
      "1x1",
      "https://images.example/lead.png",
    ]);
    for (const [url, size] of images.schema.slice(0, 3).map(
      (u, i) =>
        [
          u,
          [
            [1200, 675],
            [1200, 900],
            [1200, 1200],
          ][i],
        ] as const,
    )) {
      const frame = await fetchWith(bindings, pathOf(url));
      expect(frame.headers.get("Content-Type"), url).toBe("image/jpeg");
      const decoded = jpeg.decode(new Uint8Array(await frame.arrayBuffer()));
      expect([decoded.width, decoded.height], url).toEqual(size);
    }
  });

  it("give the text card, still the declared JPEG, when the photo does not decode", async () => {
    // A PNG whose header is sound (1200×800) but whose pixel data is not.
    const valid = encode({ width: 1200, height: 800, channels: 3, data: new Uint8Array(1200 * 800 * 3) });
    const broken = valid.slice();
    broken.fill(7, 60, broken.length - 20);
    vi.spyOn(globalThis, "fetch").mockImplementation(async () => new Response(broken, { headers: { "Content-Type": "image/png" } }));
    vi.spyOn(console, "error").mockImplementation(() => {});
    const bindings = withImages();
    await adminWriteAndSettle(
      "PUT",
      "broken-photo",
      htmlArticleInput({ leadImage: { url: "https://images.example/broken.png", alt: "Broken" } }),
      bindings,
    );
    const images = await pageImages(bindings, "broken-photo");
    const res = await fetchWith(bindings, pathOf(images.image));
    expect(res.status).toBe(200);
    expect(res.headers.get("X-Herald-Card")).toBeNull();
    expect(res.headers.get("Content-Type")).toBe(images.type);
    const card = jpeg.decode(new Uint8Array(await res.arrayBuffer()));
    // The background colour where the photo would have been.
    expect(
      [...card.data.slice((300 * 1200 + 1100) * 4, (300 * 1200 + 1100) * 4 + 3)].every((v, i) => Math.abs(v - ([20, 33, 61][i] ?? 0)) < 12),
    ).toBe(true);
  });

  it("are left out, and the card is a PNG, with CARD_LAYOUT=text", async () => {
    const bindings = { ...withImages(), CARD_LAYOUT: "text" };
    await adminWriteAndSettle(
      "PUT",
      "text-layout",
      htmlArticleInput({ leadImage: { url: "https://images.example/lead.png", alt: "Lead" } }),
      bindings,
    );
    const images = await pageImages(bindings, "text-layout");
    expect(images.type).toBe("image/png");
    expect(images.image).toMatch(/\/cards\/text-layout\.png\?v=/);
    const res = await fetchWith(bindings, pathOf(images.image));
    expect(res.headers.get("Content-Type")).toBe("image/png");
    expect([...new Uint8Array(await res.arrayBuffer()).slice(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
  });
});
