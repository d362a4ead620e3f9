import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { decode, encode } from "fast-png";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createApp } from "../../src/app/create-app";
import { CARD_MAX_BYTES, type CardContent, renderCardPng } from "../../src/cards/card-image";
import { renderWithinLimit, storedCard } from "../../src/cards/cards";
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

  it("is 404 for unknown and unpublished articles, and for non-PNG names", async () => {
    expect((await request("/cards/no-such-article.png")).status).toBe(404);
    await adminApi("PUT", "/card-draft", htmlArticleInput({ status: "draft" }));
    expect((await request("/cards/card-draft.png")).status).toBe(404);
    expect((await request(`/cards/${SEED}.jpg`)).status).toBe(404);
  });
});

describe("when rendering fails", () => {
  it("serves the default card (a real PNG, 200) and never a 5xx", async () => {
    await adminApi("PUT", "/unlucky", htmlArticleInput());
    const path = await currentCardPath("unlucky");
    // A bucket that cannot store anything: the render's put fails, and so does the default's.
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
    expect(res.headers.get("X-Herald-Card")).toBe("fallback");
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
  const content: CardContent = { headline: "A herd of crawlers", byline: "By Jane Roe", siteName: "FISM News" };

  it("renders a new card once however many requests arrive at the same time", async () => {
    let renders = 0;
    const countingRender = async (c: CardContent) => {
      renders++;
      return renderCardPng(c);
    };
    const key = `test/herd-${Date.now()}.png`;
    const results = await Promise.all(
      Array.from({ length: 200 }, () => storedCard(env.CARDS, key, async () => ({ content, final: true }), countingRender)),
    );
    expect(renders).toBe(1);
    expect(new Set(results.map((bytes) => bytes.byteLength)).size).toBe(1);
    // Later requests are served from R2 without rendering.
    await storedCard(env.CARDS, key, async () => ({ content, final: true }), countingRender);
    expect(renders).toBe(1);
    expect(await env.CARDS.head(key)).not.toBeNull();
  });

  it("renders the card ahead of the first crawler when an article is published", async () => {
    const res = await adminWriteAndSettle("PUT", "pre-rendered", htmlArticleInput({ title: "Rendered before anyone asks" }));
    const article = (await res.json<{ article: { id: string; slug: string } }>()).article;
    const version = new URL(`https://x${await currentCardPath(article.slug)}`).searchParams.get("v");
    expect(await env.CARDS.head(`articles/${article.id}/${version}.png`)).not.toBeNull();
  });

  it("draws the card without the lead image when the image breaks the renderer", async () => {
    const seen: (string | undefined)[] = [];
    const render = async (c: CardContent) => {
      seen.push(c.imageDataUrl);
      if (c.imageDataUrl) throw new Error("bad image");
      return new Uint8Array(10);
    };
    vi.spyOn(console, "error").mockImplementation(() => {});
    expect((await renderWithinLimit({ ...content, imageDataUrl: "data:image/png;base64,AAAA" }, render)).byteLength).toBe(10);
    expect(seen).toEqual(["data:image/png;base64,AAAA", undefined]);
  });

  it("does not store a card drawn while its lead image was unavailable", async () => {
    const key = `test/transient-${Date.now()}.png`;
    await storedCard(env.CARDS, key, async () => ({ content, final: false }));
    expect(await env.CARDS.head(key)).toBeNull();
  });

  it("drops the lead image when the card would pass 300 KB", async () => {
    const seen: (string | undefined)[] = [];
    const render = async (c: CardContent) => {
      seen.push(c.imageDataUrl);
      return new Uint8Array(c.imageDataUrl ? CARD_MAX_BYTES + 1 : 1000);
    };
    const png = await renderWithinLimit({ ...content, imageDataUrl: "data:image/png;base64,AAAA" }, render);
    expect(png.byteLength).toBe(1000);
    expect(seen).toEqual(["data:image/png;base64,AAAA", undefined]);
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
    expect("dataUrl" in fetched && fetched.dataUrl.startsWith("data:image/png;base64,iVBORw0KGgo")).toBe(true);

    expect(await fetchLeadImage("https://elsewhere.example/lead.png", ["images.example"], fetcher as unknown as typeof fetch)).toEqual({
      skipped: "host not allowed",
    });
    expect(await fetchLeadImage("http://images.example/lead.png", ["images.example"], fetcher as unknown as typeof fetch)).toEqual({
      skipped: "host not allowed",
    });
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
    expect(fetched).toHaveProperty("dataUrl");
    expect(requests[0]?.redirect).toBe("manual");
    const moved = new Response(null, { status: 301, headers: { Location: "https://elsewhere.example/lead.png" } });
    expect(await fetchLeadImage("https://images.example/moved.png", ["images.example"], recorded(moved))).toEqual({ skipped: "HTTP 301 " });
  });

  it("appear on the card when the article has one from an allowed host", async () => {
    // A plain red photo, as an image CDN would send it.
    const red = encode({
      width: 400,
      height: 300,
      channels: 3,
      data: new Uint8Array(400 * 300 * 3).map((_, i) => (i % 3 === 0 ? 220 : 30)),
    });
    vi.spyOn(globalThis, "fetch").mockImplementation(async () => new Response(red, { headers: { "Content-Type": "image/png" } }));
    const withImage = { ...env, CARD_IMAGE_HOSTS: "images.example" };
    const put = async (slug: string, leadImage?: unknown) => {
      await adminWriteAndSettle("PUT", slug, htmlArticleInput({ title: "Same headline", leadImage }), withImage);
      const redirect = await createApp().fetch(new Request(`https://herald.test/cards/${slug}.png`), withImage, createExecutionContext());
      const location = new URL(redirect.headers.get("Location") ?? "");
      const path = location.pathname + location.search;
      return decode(
        new Uint8Array(
          await (await createApp().fetch(new Request(`https://herald.test${path}`), withImage, createExecutionContext())).arrayBuffer(),
        ),
      );
    };
    const plain = await put("no-lead-image");
    const pictured = await put("with-lead-image", { url: "https://images.example/lead.png", alt: "Lead" });
    // The right-hand side of the card differs: it shows the image.
    const pixel = (image: ReturnType<typeof decode>, x: number, y: number) => [
      ...image.data.slice((y * 1200 + x) * image.channels, (y * 1200 + x) * image.channels + 3),
    ];
    expect(pixel(plain, 1100, 300)).toEqual([20, 33, 61]);
    expect(pixel(pictured, 1100, 300)).toEqual([220, 30, 30]);
  });
});
