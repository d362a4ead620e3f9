import { type Context, Hono } from "hono";
import type { AppEnv } from "../articles/context";
import { isSlug } from "../articles/slug";
import { answerByteRange } from "../http/byte-range";
import { throughEdgeCache } from "../http/edge-cache";
import { HttpError } from "../http/errors";
import type { HotEntry } from "../http/hot-cache";
import { SingleFlight } from "../http/single-flight";
import { cardSlugFromFile, cardUrl, ROUTES, unversionedCardUrl } from "../site/urls";
import { articleCard, articleCardVersion, defaultCard, defaultCardUrl, defaultCardVersion } from "./cards";
import lastResortCard from "./last-resort-card.png";

const IMMUTABLE = "public, max-age=31536000, immutable";
/** A fallback card is retried soon: the real one may render next time. */
const FALLBACK_CACHE = "public, max-age=60";

function pngResponse(bytes: Uint8Array, headers: Record<string, string>): Response {
  return new Response(bytes, {
    headers: { "Content-Type": "image/png", "Accept-Ranges": "bytes", "Content-Length": String(bytes.byteLength), ...headers },
  });
}

/** One version of a card: immutable, its version as its ETag. */
function cardResponse(bytes: Uint8Array, version: string): Response {
  return pngResponse(bytes, { "Cache-Control": IMMUTABLE, ETag: `"${version}"` });
}

/** Only real cards are kept at the edge: fallbacks, redirects and errors are worked out again. */
const isCard = (entry: HotEntry) =>
  entry.status === 200 && entry.headers.some(([name, value]) => name === "cache-control" && value === IMMUTABLE);

/** A crawler never gets a 5xx for an image: the default card, or a plain one if even that fails. */
async function fallbackCard(c: Context<AppEnv>, err: unknown): Promise<Response> {
  console.error("card: rendering failed, serving the default card", err);
  let bytes: Uint8Array = new Uint8Array(lastResortCard);
  try {
    bytes = await defaultCard(c.env.CARDS, c.var.site);
  } catch (defaultErr) {
    console.error("card: the default card failed too", defaultErr);
  }
  return pngResponse(bytes, { "Cache-Control": FALLBACK_CACHE, ETag: '"fallback"', "X-Herald-Card": "fallback" });
}

/** One D1 read and at most one render for a herd asking for the same card URL. */
const cardFlights = new SingleFlight<HotEntry>();

async function renderArticleCard(c: Context<AppEnv>, slug: string, requested: string | undefined): Promise<Response> {
  const { site, articles } = c.var;
  const article = await articles.getBySlug(slug);
  if (article?.status !== "published") {
    // The old slug of a renamed article still finds its card.
    const renamed = article ? undefined : await articles.findRenamedSlug(slug);
    if (renamed?.status === "published") return c.redirect(unversionedCardUrl(site.url, renamed.slug), 302);
    throw HttpError.text(404, "no card: no published article has this slug");
  }
  const current = await articleCardVersion(article, site);
  if (requested !== current) return c.redirect(cardUrl(site.url, article.slug, current), 302);
  try {
    return cardResponse(await articleCard(c.env.CARDS, article, site, current), current);
  } catch (err) {
    return fallbackCard(c, err);
  }
}

async function serveArticleCard(c: Context<AppEnv>, slug: string): Promise<Response> {
  const requested = c.req.query("v");
  const response = await throughEdgeCache(
    {
      key: cardUrl(c.var.site.url, slug, requested ?? ""),
      // A versioned card is immutable: whole-file requests are answered from the edge, no D1.
      lookup: requested !== undefined && c.req.header("Range") === undefined,
      flights: cardFlights,
      keep: isCard,
    },
    () => renderArticleCard(c, slug, requested),
  );
  return answerByteRange(c.req.raw, response);
}

async function serveSiteCard(c: Context<AppEnv>): Promise<Response> {
  const site = c.var.site;
  const current = await defaultCardVersion(site);
  if (c.req.query("v") !== current) return c.redirect(await defaultCardUrl(site), 302);
  let response: Response;
  try {
    response = cardResponse(await defaultCard(c.env.CARDS, site), current);
  } catch (err) {
    response = await fallbackCard(c, err);
  }
  return answerByteRange(c.req.raw, response);
}

/** `/cards/<slug>.png?v=<version>` for articles and `/site-card.png?v=<version>` for the site. */
export const cards = new Hono<AppEnv>().get(ROUTES.siteCard, serveSiteCard).get(ROUTES.card, (c) => {
  const slug = cardSlugFromFile(c.req.param("file"));
  if (!isSlug(slug)) throw HttpError.text(404, "no such card");
  return serveArticleCard(c, slug);
});
