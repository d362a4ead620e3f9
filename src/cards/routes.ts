import { type Context, Hono } from "hono";
import type { AppEnv } from "../articles/context";
import { isSlug } from "../articles/slug";
import { answerByteRange } from "../http/byte-range";
import { throughEdgeCache } from "../http/edge-cache";
import { HttpError } from "../http/errors";
import type { HotEntry } from "../http/hot-cache";
import { SingleFlight } from "../http/single-flight";
import { StorageUnavailable } from "../http/storage-guard";
import type { Bindings, SiteConfig } from "../site/config";
import { type CardFile, cardUrl, parseCardFile, ROUTES, unversionedCardUrl } from "../site/urls";
import type { CardFormat, CardFrame } from "./card-design";
import type { CardFailure } from "./card-failure";
import {
  articleCard,
  articleCardFile,
  articleCardFormat,
  articleCardVersion,
  defaultCard,
  defaultCardUrl,
  defaultCardVersion,
  type RenderCard,
} from "./cards";
import lastResortCard from "./last-resort-card.png";

const IMMUTABLE = "public, max-age=31536000, immutable";
/** A fallback card is retried soon: the real one may render next time. */
const FALLBACK_CACHE = "public, max-age=60";

/** What the card routes are given from outside (app/ passes them in; tests pass failing ones). */
export interface CardRouteDeps {
  /** Draws a card (satori + resvg unless a test injects another). */
  render?: RenderCard;
  /**
   * Told, in the background, of every card answered with a stand-in or not kept in R2, so that
   * a retry (publish/'s queue) can draw and store it later. Never delays or fails the answer.
   */
  onCardFailure?: (failure: CardFailure, where: { env: Bindings; site: SiteConfig }) => void | Promise<void>;
}

/** Hands a failure to the hook in waitUntil; the hook's own failure is only logged. */
function reportCardFailure(c: Context<AppEnv>, deps: CardRouteDeps, failure: CardFailure): void {
  const hook = deps.onCardFailure;
  if (!hook) return;
  const told = Promise.resolve()
    .then(() => hook(failure, { env: c.env, site: c.var.site }))
    .catch((err) => console.error("card: onCardFailure failed", err));
  c.executionCtx.waitUntil(told);
}

function imageResponse(bytes: Uint8Array, type: CardFormat, headers: Record<string, string>): Response {
  return new Response(bytes, {
    headers: { "Content-Type": type, "Accept-Ranges": "bytes", "Content-Length": String(bytes.byteLength), ...headers },
  });
}

/** One version of a card: immutable, its version as its ETag. */
function cardResponse(bytes: Uint8Array, type: CardFormat, version: string): Response {
  return imageResponse(bytes, type, { "Cache-Control": IMMUTABLE, ETag: `"${version}"` });
}

/** Only real cards are kept at the edge: fallbacks, redirects and errors are worked out again. */
const isCard = (entry: HotEntry) =>
  entry.status === 200 && entry.headers.some(([name, value]) => name === "cache-control" && value === IMMUTABLE);

/**
 * A crawler never gets a 5xx for an image: the default card, or a plain one if even that fails.
 * Always a PNG, even where the page declared a JPEG: crawlers read the bytes, and it is asked
 * for again within a minute.
 */
async function fallbackCard(c: Context<AppEnv>, deps: CardRouteDeps, err: unknown): Promise<Response> {
  console.error("card: rendering failed, serving the default card", err);
  let bytes: Uint8Array = new Uint8Array(lastResortCard);
  try {
    bytes = await defaultCard(c.env.CARDS, c.var.site, deps.render);
  } catch (defaultErr) {
    console.error("card: the default card failed too", defaultErr);
  }
  return imageResponse(bytes, "image/png", { "Cache-Control": FALLBACK_CACHE, ETag: '"fallback"', "X-Herald-Card": "fallback" });
}

/** One D1 read and at most one render for a herd asking for the same card URL. */
const cardFlights = new SingleFlight<HotEntry>();

const frameOf = (file: CardFile): CardFrame => file.frame || "og";

interface CardAsked {
  slug: string;
  file: CardFile;
  /** The `v` the URL carries. */
  requested: string | undefined;
}

async function renderArticleCard(c: Context<AppEnv>, deps: CardRouteDeps, { slug, file, requested }: CardAsked): Promise<Response> {
  const { site, articles } = c.var;
  const article = await articles.getBySlug(slug);
  if (article?.status !== "published") {
    // The old slug of a renamed article still finds its card.
    const renamed = article ? undefined : await articles.findRenamedSlug(slug);
    if (renamed?.status === "published") {
      return c.redirect(unversionedCardUrl(site.url, renamed.slug, file), 302);
    }
    throw HttpError.text(404, "no card: no published article has this slug");
  }
  const current = await articleCardVersion(article, site);
  const frame = frameOf(file);
  // A stale version, or the other file type (the article gained or lost its photo), leads to the current card.
  const currentFile = articleCardFile(article, site, frame);
  if (requested !== current || file.extension !== currentFile.extension) {
    return c.redirect(cardUrl(site.url, article.slug, current, currentFile), 302);
  }
  try {
    const card = await articleCard(c.env.CARDS, article, site, { frame, version: current, render: deps.render });
    const type = articleCardFormat(article, site);
    // Drawn without a photo its host failed to give, or not kept because R2 failed: served, but
    // kept nowhere, and asked for again soon.
    if (!card.stored) {
      if (card.final) reportCardFailure(c, deps, { slug, version: current, frame, reason: "not-stored" });
      return imageResponse(card.bytes, type, { "Cache-Control": FALLBACK_CACHE, ETag: '"provisional"' });
    }
    return cardResponse(card.bytes, type, current);
  } catch (err) {
    reportCardFailure(c, deps, { slug, version: current, frame, reason: "render-failed", error: err });
    return fallbackCard(c, deps, err);
  }
}

/**
 * A card URL while D1 is unavailable and no copy of it is kept: the fallback card (crawlers
 * never get a 5xx for an image), asked for again within a minute.
 */
async function cardDuringOutage(c: Context<AppEnv>, deps: CardRouteDeps, asked: CardAsked, err: StorageUnavailable): Promise<Response> {
  reportCardFailure(c, deps, { slug: asked.slug, version: asked.requested, frame: frameOf(asked.file), reason: "storage-unavailable" });
  return fallbackCard(c, deps, err);
}

async function serveArticleCard(c: Context<AppEnv>, deps: CardRouteDeps, slug: string, file: CardFile): Promise<Response> {
  const asked = { slug, file, requested: c.req.query("v") };
  const response = await throughEdgeCache(
    {
      key: cardUrl(c.var.site.url, slug, asked.requested ?? "", file),
      // A versioned card is immutable: whole-file requests are answered from the edge, no D1.
      lookup: asked.requested !== undefined && c.req.header("Range") === undefined,
      flights: cardFlights,
      keep: isCard,
      // Versioned and immutable: a card once kept is answered from the cache without D1.
      staleSeconds: 0,
    },
    () => renderArticleCard(c, deps, asked),
  ).catch((err) => {
    if (err instanceof StorageUnavailable) return cardDuringOutage(c, deps, asked, err);
    throw err;
  });
  return answerByteRange(c.req.raw, response);
}

async function serveSiteCard(c: Context<AppEnv>, deps: CardRouteDeps): Promise<Response> {
  const site = c.var.site;
  const current = await defaultCardVersion(site);
  if (c.req.query("v") !== current) return c.redirect(await defaultCardUrl(site), 302);
  let response: Response;
  try {
    response = cardResponse(await defaultCard(c.env.CARDS, site, deps.render), "image/png", current);
  } catch (err) {
    response = await fallbackCard(c, deps, err);
  }
  return answerByteRange(c.req.raw, response);
}

/**
 * `/cards/<slug>.<png|jpg>?v=<version>` (the share card), `/cards/<slug>.<16x9|4x3|1x1>.<png|jpg>?v=`
 * (the JSON-LD frames) for articles, and `/site-card.png?v=<version>` for the site.
 */
export function cardRoutes(deps: CardRouteDeps = {}) {
  return new Hono<AppEnv>()
    .get(ROUTES.siteCard, (c) => serveSiteCard(c, deps))
    .get(ROUTES.card, (c) => {
      const card = parseCardFile(c.req.param("file"));
      if (!card || !isSlug(card.slug)) throw HttpError.text(404, "no such card");
      return serveArticleCard(c, deps, card.slug, card.file);
    });
}
