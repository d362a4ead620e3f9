import { Hono, type Context } from "hono";
import type { AppEnv } from "../env";
import { ArticleRepository } from "../articles/repository";
import { isSlug } from "../articles/slug";
import { answerConditionally } from "../http/conditional";
import { fromEdgeCache, putInEdgeCache } from "../http/edge-cache";
import { articleCard, articleCardKey, articleCardUrl, cardVersion, defaultCard, defaultCardUrl, defaultCardVersion } from "./cards";
import lastResortCard from "./last-resort-card.png";

const IMMUTABLE = "public, max-age=31536000, immutable";
/** A fallback card is retried soon: the real one may render next time. */
const FALLBACK_CACHE = "public, max-age=60";

function pngResponse(body: BodyInit, headers: Record<string, string>, status = 200): Response {
  return new Response(body, { status, headers: { "Content-Type": "image/png", "Accept-Ranges": "bytes", ...headers } });
}

/** A crawler never gets a 5xx for an image: the default card, or a plain one if even that fails. */
async function fallbackCard(c: Context<AppEnv>, err: unknown): Promise<Response> {
  console.error("card: rendering failed, serving the default card", err);
  let bytes: Uint8Array | ArrayBuffer = lastResortCard;
  try {
    bytes = await defaultCard(c.env.CARDS, c.var.site);
  } catch (defaultErr) {
    console.error("card: the default card failed too", defaultErr);
  }
  return pngResponse(bytes, { "Cache-Control": FALLBACK_CACHE, "X-Herald-Card": "fallback" });
}

/** `Range: bytes=…` served from R2, which parses the header; 416 when it cannot be satisfied. */
async function rangedCard(c: Context<AppEnv>, key: string, etag: string): Promise<Response> {
  let object: R2ObjectBody | null;
  try {
    object = await c.env.CARDS.get(key, { range: c.req.raw.headers });
  } catch {
    return new Response(null, { status: 416, headers: { "Content-Range": "bytes */*" } });
  }
  if (!object) return new Response(null, { status: 416 });
  const range = (object.range ?? {}) as { offset?: number; length?: number; suffix?: number };
  const start = range.suffix !== undefined ? object.size - range.suffix : (range.offset ?? 0);
  const length = range.suffix ?? range.length ?? object.size - start;
  return pngResponse(object.body, {
    "Cache-Control": IMMUTABLE,
    ETag: etag,
    "Content-Range": `bytes ${start}-${start + length - 1}/${object.size}`,
    "Content-Length": String(length),
  }, 206);
}

async function serveArticleCard(c: Context<AppEnv>, slug: string): Promise<Response> {
  const site = c.var.site;
  const requested = c.req.query("v");
  const isRange = c.req.header("Range") !== undefined;
  // A versioned card is immutable: answer from the edge without touching D1.
  if (requested && !isRange) {
    const cached = await fromEdgeCache(`${site.url}/cards/${slug}.png?v=${requested}`);
    if (cached) return answerConditionally(c.req.raw, cached);
  }
  const article = await new ArticleRepository(c.env.DB, site.url).getBySlug(slug);
  if (article?.status !== "published") return c.text("no card: no published article has this slug\n", 404);

  const current = cardVersion(article);
  if (requested !== current) {
    return c.redirect(articleCardUrl(site.url, article), 302);
  }
  let bytes: Uint8Array;
  try {
    bytes = await articleCard(c.env.CARDS, article, site);
  } catch (err) {
    return fallbackCard(c, err);
  }
  const etag = `"${current}"`;
  if (isRange) return rangedCard(c, articleCardKey(article), etag);
  const response = pngResponse(bytes, { "Cache-Control": IMMUTABLE, ETag: etag, "Content-Length": String(bytes.byteLength) });
  putInEdgeCache(c.executionCtx, articleCardUrl(site.url, article), response);
  return answerConditionally(c.req.raw, response);
}

async function serveDefaultCard(c: Context<AppEnv>): Promise<Response> {
  const site = c.var.site;
  const current = await defaultCardVersion(site);
  if (c.req.query("v") !== current) return c.redirect(await defaultCardUrl(site), 302);
  try {
    const bytes = await defaultCard(c.env.CARDS, site);
    return answerConditionally(c.req.raw, pngResponse(bytes, { "Cache-Control": IMMUTABLE, ETag: `"${current}"`, "Content-Length": String(bytes.byteLength) }));
  } catch (err) {
    return fallbackCard(c, err);
  }
}

/** `/cards/<slug>.png?v=<version>` and `/cards/default.png?v=<version>`. */
export const cards = new Hono<AppEnv>().get("/cards/:file", (c) => {
  const file = c.req.param("file");
  const slug = file.endsWith(".png") ? file.slice(0, -".png".length) : "";
  if (slug === "default") return serveDefaultCard(c);
  if (!isSlug(slug)) return c.text("no such card\n", 404);
  return serveArticleCard(c, slug);
});
