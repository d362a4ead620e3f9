import type { Article } from "../articles/model";
import { sha256, toHex } from "../http/hash";
import { SingleFlight } from "../http/single-flight";
import type { SiteConfig } from "../site/config";
import { cardUrl, siteCardUrl } from "../site/urls";
import { articleCardContent, defaultCardContent } from "./card-content";
import { CARD_MAX_BYTES, type CardContent, renderCardPng } from "./card-image";
import { fetchLeadImage } from "./lead-image";

export type RenderCard = (content: CardContent) => Promise<Uint8Array>;

/** Bump when the card's look changes, so every card is drawn again under a new URL. */
export const CARD_RENDERER_VERSION = "2";

/** A card's version: what it shows (content, site settings) and how it is drawn. */
async function versionOf(parts: unknown[]): Promise<string> {
  return toHex(await sha256(JSON.stringify([CARD_RENDERER_VERSION, ...parts]))).slice(0, 16);
}

export function articleCardVersion(article: Pick<Article, "contentHash">, site: SiteConfig): Promise<string> {
  return versionOf([article.contentHash, site.name, site.language, site.cardImageHosts]);
}

const defaultCardVersions = new WeakMap<SiteConfig, Promise<string>>();

/** The site card's version depends on the configuration alone: worked out once per configuration, not per page. */
export function defaultCardVersion(site: SiteConfig): Promise<string> {
  let version = defaultCardVersions.get(site);
  if (!version) {
    version = versionOf([defaultCardContent(site)]);
    defaultCardVersions.set(site, version);
  }
  return version;
}

export async function articleCardUrl(site: SiteConfig, article: Pick<Article, "slug" | "contentHash">): Promise<string> {
  return cardUrl(site.url, article.slug, await articleCardVersion(article, site));
}

export async function defaultCardUrl(site: SiteConfig): Promise<string> {
  return siteCardUrl(site.url, await defaultCardVersion(site));
}

export function articleCardKey(article: Pick<Article, "id">, version: string): string {
  return `articles/${article.id}/${version}.png`;
}

/**
 * Renders a card, dropping the lead image if the PNG would pass WhatsApp's 300 KB limit or
 * if the image makes the renderer fail.
 */
export async function renderWithinLimit(content: CardContent, render: RenderCard = renderCardPng): Promise<Uint8Array> {
  if (content.imageDataUrl === undefined) return render(content);
  const withoutImage = { ...content, imageDataUrl: undefined };
  let png: Uint8Array;
  try {
    png = await render(content);
  } catch (err) {
    console.error("card: the lead image broke the render; drawing it without", err);
    return render(withoutImage);
  }
  if (png.byteLength <= CARD_MAX_BYTES) return png;
  console.error(`card: ${png.byteLength} bytes with the lead image; drawing it without`);
  return render(withoutImage);
}

/** What to draw, and whether the result is final (false when a lead image was temporarily unavailable). */
export interface CardDraft {
  content: CardContent;
  final: boolean;
}

const flights = new SingleFlight<Uint8Array>();

/**
 * The stored PNG under `key`, rendered and stored first when missing. Concurrent callers for
 * the same key wait for one render; R2 serves every later request and other isolates. A card
 * drawn without a lead image that could not be fetched this time is served but not stored.
 */
export function storedCard(bucket: R2Bucket, key: string, draft: () => Promise<CardDraft>, render?: RenderCard): Promise<Uint8Array> {
  return flights.run(key, async () => {
    const existing = await bucket.get(key);
    if (existing) return new Uint8Array(await existing.arrayBuffer());
    const { content, final } = await draft();
    const png = await renderWithinLimit(content, render);
    if (final) await bucket.put(key, png, { httpMetadata: { contentType: "image/png" } });
    return png;
  });
}

/**
 * The article's card, rendering it (with its lead image, from allowed hosts) if needed.
 * `version` is the caller's articleCardVersion, when it has already worked it out.
 */
export async function articleCard(
  bucket: R2Bucket,
  article: Article,
  site: SiteConfig,
  version?: string,
  render?: RenderCard,
): Promise<Uint8Array> {
  return storedCard(
    bucket,
    articleCardKey(article, version ?? (await articleCardVersion(article, site))),
    async () => {
      const content = articleCardContent(article, site);
      if (!article.leadImage) return { content, final: true };
      const image = await fetchLeadImage(article.leadImage.url, site.cardImageHosts);
      if ("dataUrl" in image) return { content: { ...content, imageDataUrl: image.dataUrl }, final: true };
      return { content, final: !("unavailable" in image) };
    },
    render,
  );
}

export async function defaultCard(bucket: R2Bucket, site: SiteConfig, render?: RenderCard): Promise<Uint8Array> {
  return storedCard(
    bucket,
    `default/${await defaultCardVersion(site)}.png`,
    async () => ({ content: defaultCardContent(site), final: true }),
    render,
  );
}
