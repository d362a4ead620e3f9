import type { Article } from "../articles/model";
import { sha256, toHex } from "../http/hash";
import { SingleFlight } from "../http/single-flight";
import type { SiteConfig } from "../site/config";
import { type CardFile, cardUrl, siteCardUrl } from "../site/urls";
import { articleCardText, defaultCardText } from "./card-content";
import { ALL_FRAMES, CARD_EXTENSIONS, CARD_FRAMES, type CardFormat, type CardFrame } from "./card-design";
import { type CardRequest, type RenderedCard, renderCard } from "./card-image";
import { fetchLeadImage, isCardImageUrl } from "./lead-image";
import { decodePhoto } from "./photo";

export type RenderCard = (request: CardRequest) => Promise<RenderedCard>;

/** Bump when the card's look changes, so every card is drawn again under a new URL. */
export const CARD_RENDERER_VERSION = "3";

/** A card's version: what it shows (content, site settings) and how it is drawn. */
async function versionOf(parts: unknown[]): Promise<string> {
  return toHex(await sha256(JSON.stringify([CARD_RENDERER_VERSION, ...parts]))).slice(0, 16);
}

export function articleCardVersion(article: Pick<Article, "contentHash">, site: SiteConfig): Promise<string> {
  return versionOf([article.contentHash, site.name, site.language, site.cardImageHosts, site.cardLayout]);
}

const defaultCardVersions = new WeakMap<SiteConfig, Promise<string>>();

/** The site card's version depends on the configuration alone: worked out once per configuration, not per page. */
export function defaultCardVersion(site: SiteConfig): Promise<string> {
  let version = defaultCardVersions.get(site);
  if (!version) {
    version = versionOf([defaultCardText(site)]);
    defaultCardVersions.set(site, version);
  }
  return version;
}

/** The lead photo an article's cards carry: none with the text layout or from a host not allowed. */
function cardPhotoUrl(article: Pick<Article, "leadImage">, site: SiteConfig): string | undefined {
  const url = article.leadImage?.url;
  return site.cardLayout !== "text" && url && isCardImageUrl(url, site.cardImageHosts) ? url : undefined;
}

/**
 * JPEG for cards meant to carry a photo (as PNG a 1200×630 photo card is ~580 KB, over
 * WhatsApp's 300 KB), PNG for text cards (sharper text, and smaller). Decided from the article
 * alone, before drawing, so the page's og:image:type is always true to the bytes: a photo
 * that turns out unusable gives a text card in JPEG.
 */
export function articleCardFormat(article: Pick<Article, "leadImage">, site: SiteConfig): CardFormat {
  return cardPhotoUrl(article, site) ? "image/jpeg" : "image/png";
}

const cardFile = (frame: CardFrame, format: CardFormat): CardFile => ({
  frame: frame === "og" ? "" : frame,
  extension: CARD_EXTENSIONS[format],
});

/** The file name parts of an article's card in one frame. */
export function articleCardFile(article: Pick<Article, "leadImage">, site: SiteConfig, frame: CardFrame): CardFile {
  return cardFile(frame, articleCardFormat(article, site));
}

type CardArticle = Pick<Article, "slug" | "contentHash" | "leadImage">;

/** The article's card in one frame (the share card unless told). */
export async function articleCardUrl(site: SiteConfig, article: CardArticle, frame: CardFrame = "og"): Promise<string> {
  return cardUrl(site.url, article.slug, await articleCardVersion(article, site), articleCardFile(article, site, frame));
}

/** One version of an article's cards in every frame (the share card first), to purge them. */
export function articleCardUrls(site: SiteConfig, article: CardArticle, version: string): string[] {
  const format = articleCardFormat(article, site);
  return ALL_FRAMES.map((frame) => cardUrl(site.url, article.slug, version, cardFile(frame, format)));
}

/** An image a page points to, with what og:image's companions declare about it. */
export interface CardImage {
  url: string;
  type: CardFormat;
  width: number;
  height: number;
}

/** An article's share card (og:image) and its JSON-LD images, the card in each of Google's three frames. */
export async function articleCardImages(site: SiteConfig, article: CardArticle): Promise<{ card: CardImage; schema: string[] }> {
  const [card = "", ...schema] = articleCardUrls(site, article, await articleCardVersion(article, site));
  return { card: { url: card, type: articleCardFormat(article, site), ...CARD_FRAMES.og }, schema };
}

export async function defaultCardUrl(site: SiteConfig): Promise<string> {
  return siteCardUrl(site.url, await defaultCardVersion(site));
}

/** Where one frame of one version of an article's cards is stored in R2 (the card store). */
export function articleCardKey(article: Pick<Article, "id">, version: string, frame: CardFrame, format: CardFormat): string {
  return `articles/${article.id}/${version}.${frame}.${CARD_EXTENSIONS[format]}`;
}

/** Every key a version of an article's cards may be stored under (each frame, either format), to delete them. */
export function articleCardKeys(article: Pick<Article, "id">, version: string): string[] {
  return ALL_FRAMES.flatMap((frame) =>
    (["image/png", "image/jpeg"] as const).map((format) => articleCardKey(article, version, frame, format)),
  );
}

/** What to draw, and whether the result is final (false when a lead image was temporarily unavailable). */
export interface CardDraft {
  request: CardRequest;
  final: boolean;
}

/**
 * A card's bytes, whether they are its final drawing (false: drawn without a lead photo its
 * host failed to give this time), and whether R2 holds them (false when R2 failed to give or to
 * take them: the card is served, but drawn again on a later request).
 */
export interface StoredCard {
  bytes: Uint8Array;
  final: boolean;
  stored: boolean;
}

const flights = new SingleFlight<StoredCard>();

/** The stored bytes under `key`, or undefined when there are none or R2 cannot give them now (the card is then drawn). */
async function readStored(bucket: R2Bucket, key: string): Promise<Uint8Array | undefined> {
  try {
    const existing = await bucket.get(key);
    return existing ? new Uint8Array(await existing.arrayBuffer()) : undefined;
  } catch (err) {
    console.error(`card: reading ${key} from R2 failed; drawing it`, err);
    return undefined;
  }
}

/** Keeps a drawn card in R2; false when R2 refused it (the card is still served). */
async function keepStored(bucket: R2Bucket, key: string, card: RenderedCard): Promise<boolean> {
  try {
    await bucket.put(key, card.bytes, { httpMetadata: { contentType: card.type } });
    return true;
  } catch (err) {
    console.error(`card: storing ${key} in R2 failed; served without keeping it`, err);
    return false;
  }
}

/**
 * The stored card under `key`, drawn once and stored first when missing. Concurrent callers for
 * the same key wait for one render; R2 serves every later request and other isolates. A card
 * drawn without a lead image that could not be fetched this time is served but not stored,
 * and says so (`final: false`) so that nothing keeps it. R2 failing to read or to store costs a
 * render, never the card (`stored: false`).
 */
export function storedCard(
  bucket: R2Bucket,
  key: string,
  draft: () => Promise<CardDraft>,
  render: RenderCard = renderCard,
): Promise<StoredCard> {
  return flights.run(key, async () => {
    const existing = await readStored(bucket, key);
    if (existing) return { bytes: existing, final: true, stored: true };
    const { request, final } = await draft();
    const card = await render(request);
    const stored = final && (await keepStored(bucket, key, card));
    return { bytes: card.bytes, final, stored };
  });
}

/** The card request for an article in a frame, with its decoded lead photo when there is a usable one. */
async function articleDraft(article: Article, site: SiteConfig, frame: CardFrame, fetcher?: typeof fetch): Promise<CardDraft> {
  const format = articleCardFormat(article, site);
  const request: CardRequest = { text: articleCardText(article, site), layout: site.cardLayout, frame, format };
  const photoUrl = cardPhotoUrl(article, site);
  if (!photoUrl) return { request, final: true };
  const image = await fetchLeadImage(photoUrl, site.cardImageHosts, fetcher);
  if ("unavailable" in image) return { request, final: false };
  if ("skipped" in image) return { request, final: true };
  try {
    return { request: { ...request, photo: await decodePhoto(image.bytes, image.type) }, final: true };
  } catch (err) {
    console.error(`card: lead image ${photoUrl} does not decode; drawing the text card`, err);
    return { request, final: true };
  }
}

/**
 * The article's card in one frame, drawing it (with its lead photo, from allowed hosts) if
 * needed. `version` is the caller's articleCardVersion, when it has already worked it out;
 * `fetcher` fetches the lead photo (the desk passes its own, so tests give recorded answers).
 */
export async function articleCard(
  bucket: R2Bucket,
  article: Article,
  site: SiteConfig,
  { frame = "og", version, render, fetcher }: { frame?: CardFrame; version?: string; render?: RenderCard; fetcher?: typeof fetch } = {},
): Promise<StoredCard> {
  const current = version ?? (await articleCardVersion(article, site));
  const key = articleCardKey(article, current, frame, articleCardFormat(article, site));
  return storedCard(bucket, key, () => articleDraft(article, site, frame, fetcher), render);
}

export async function defaultCard(bucket: R2Bucket, site: SiteConfig, render?: RenderCard): Promise<Uint8Array> {
  const card = await storedCard(
    bucket,
    `default/${await defaultCardVersion(site)}.png`,
    async () => ({ request: { text: defaultCardText(site), layout: "text", frame: "og", format: "image/png" }, final: true }),
    render,
  );
  return card.bytes;
}
