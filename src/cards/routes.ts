import { Hono, type Context } from "hono";
import type { AppEnv } from "../env";
import { ArticleRepository } from "../articles/repository";
import { isSlug } from "../articles/slug";
import { parseByteRange } from "../http/byte-range";
import { answerConditionally } from "../http/conditional";
import { fromEdgeCache, storeInEdgeCache } from "../http/edge-cache";
import { SingleFlight } from "../http/single-flight";
import { articleCard, articleCardUrl, articleCardVersion, cardUrlOf, defaultCard, defaultCardUrl, defaultCardVersion } from "./cards";
import lastResortCard from "./last-resort-card.png";

const IMMUTABLE = "public, max-age=31536000, immutable";
/** A fallback card is retried soon: the real one may render next time. */
const FALLBACK_CACHE = "public, max-age=60";

/** What one lookup of a card URL found, shared by every request of a herd. */
type CardAnswer =
  | { kind: "png"; bytes: Uint8Array; etag: string; cacheControl: string; fallback: boolean }
  | { kind: "redirect"; location: string }
  | { kind: "missing" };

const lookups = new SingleFlight<CardAnswer>();

/** A crawler never gets a 5xx for an image: the default card, or a plain one if even that fails. */
async function fallbackCard(c: Context<AppEnv>, err: unknown): Promise<CardAnswer> {
  console.error("card: rendering failed, serving the default card", err);
  let bytes: Uint8Array = new Uint8Array(lastResortCard);
  try {
    bytes = await defaultCard(c.env.CARDS, c.var.site);
  } catch (defaultErr) {
    console.error("card: the default card failed too", defaultErr);
  }
  return { kind: "png", bytes, etag: '"fallback"', cacheControl: FALLBACK_CACHE, fallback: true };
}

function pngHeaders(answer: Extract<CardAnswer, { kind: "png" }>): Record<string, string> {
  const headers: Record<string, string> = { "Content-Type": "image/png", "Accept-Ranges": "bytes", "Cache-Control": answer.cacheControl, ETag: answer.etag };
  if (answer.fallback) headers["X-Herald-Card"] = "fallback";
  return headers;
}

/** The PNG as asked: whole, one byte range (206), or 416; with conditional GET. */
function pngResponse(c: Context<AppEnv>, answer: Extract<CardAnswer, { kind: "png" }>): Response {
  const headers = pngHeaders(answer);
  const size = answer.bytes.byteLength;
  const range = parseByteRange(c.req.header("Range"), size);
  if (range === "unsatisfiable") return new Response(null, { status: 416, headers: { ...headers, "Content-Range": `bytes */${size}` } });
  if (range) {
    return new Response(answer.bytes.slice(range.start, range.end + 1), {
      status: 206,
      headers: { ...headers, "Content-Range": `bytes ${range.start}-${range.end}/${size}`, "Content-Length": String(range.end - range.start + 1) },
    });
  }
  return answerConditionally(c.req.raw, new Response(answer.bytes, { headers: { ...headers, "Content-Length": String(size) } }));
}

function respond(c: Context<AppEnv>, answer: CardAnswer): Response {
  if (answer.kind === "redirect") return c.redirect(answer.location, 302);
  if (answer.kind === "missing") return c.text("no card: no published article has this slug\n", 404);
  return pngResponse(c, answer);
}

/** One D1 read and at most one render for a herd asking for the same card URL. */
async function lookUpArticleCard(c: Context<AppEnv>, slug: string, requested: string | undefined, cacheKey: string): Promise<CardAnswer> {
  const site = c.var.site;
  const repo = new ArticleRepository(c.env.DB, site.url);
  const article = await repo.getBySlug(slug);
  if (article?.status !== "published") {
    // The old slug of a renamed article still finds its card.
    const renamed = article ? undefined : await repo.findRenamedSlug(slug);
    return renamed?.status === "published" ? { kind: "redirect", location: `${site.url}/cards/${renamed.slug}.png` } : { kind: "missing" };
  }
  const current = await articleCardVersion(article, site);
  if (requested !== current) return { kind: "redirect", location: await articleCardUrl(site, article) };
  let bytes: Uint8Array;
  try {
    bytes = await articleCard(c.env.CARDS, article, site, current);
  } catch (err) {
    return fallbackCard(c, err);
  }
  const answer: CardAnswer = { kind: "png", bytes, etag: `"${current}"`, cacheControl: IMMUTABLE, fallback: false };
  try {
    // Stored before the flight lands, so the next request is answered from the edge.
    await storeInEdgeCache(cacheKey, new Response(bytes, { headers: { ...pngHeaders(answer), "Content-Length": String(bytes.byteLength) } }));
  } catch (err) {
    console.error("card: edge cache put failed", err);
  }
  return answer;
}

async function serveArticleCard(c: Context<AppEnv>, slug: string): Promise<Response> {
  const requested = c.req.query("v");
  const cacheKey = cardUrlOf(c.var.site, slug, requested ?? "");
  // A versioned card is immutable: whole-file requests are answered from the edge, no D1.
  if (requested && c.req.header("Range") === undefined) {
    const cached = await fromEdgeCache(cacheKey);
    if (cached) return answerConditionally(c.req.raw, cached);
  }
  return respond(c, await lookups.run(cacheKey, () => lookUpArticleCard(c, slug, requested, cacheKey)));
}

async function serveSiteCard(c: Context<AppEnv>): Promise<Response> {
  const site = c.var.site;
  const current = await defaultCardVersion(site);
  if (c.req.query("v") !== current) return c.redirect(await defaultCardUrl(site), 302);
  try {
    const bytes = await defaultCard(c.env.CARDS, site);
    return pngResponse(c, { kind: "png", bytes, etag: `"${current}"`, cacheControl: IMMUTABLE, fallback: false });
  } catch (err) {
    return respond(c, await fallbackCard(c, err));
  }
}

/** `/cards/<slug>.png?v=<version>` for articles and `/site-card.png?v=<version>` for the site. */
export const cards = new Hono<AppEnv>()
  .get("/site-card.png", serveSiteCard)
  .get("/cards/:file", (c) => {
    const file = c.req.param("file");
    const slug = file.endsWith(".png") ? file.slice(0, -".png".length) : "";
    return isSlug(slug) ? serveArticleCard(c, slug) : c.text("no such card\n", 404);
  });
