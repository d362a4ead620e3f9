import type { SiteConfig } from "../env";
import type { Article } from "../articles/model";
import { sha256, toHex } from "../http/hash";
import { SingleFlight } from "../http/single-flight";
import { articleCardContent, defaultCardContent } from "./card-content";
import { CARD_MAX_BYTES, renderCardPng, type CardContent } from "./card-image";
import { fetchLeadImage } from "./lead-image";

export type RenderCard = (content: CardContent) => Promise<Uint8Array>;

/** A card version is the article's content hash: a new hash, a new image URL. */
export function cardVersion(article: Pick<Article, "contentHash">): string {
  return article.contentHash.slice(0, 16);
}

export function articleCardUrl(siteUrl: string, article: Pick<Article, "slug" | "contentHash">): string {
  return `${siteUrl}/cards/${article.slug}.png?v=${cardVersion(article)}`;
}

/** The default card changes when the site's name, description or URL does. */
export async function defaultCardVersion(site: SiteConfig): Promise<string> {
  return toHex(await sha256(JSON.stringify(defaultCardContent(site)))).slice(0, 16);
}

export async function defaultCardUrl(site: SiteConfig): Promise<string> {
  return `${site.url}/cards/default.png?v=${await defaultCardVersion(site)}`;
}

export function articleCardKey(article: Pick<Article, "id" | "contentHash">): string {
  return `articles/${article.id}/${cardVersion(article)}.png`;
}

/** Renders a card, dropping the lead image if the PNG would pass WhatsApp's 300 KB limit. */
export async function renderWithinLimit(content: CardContent, render: RenderCard = renderCardPng): Promise<Uint8Array> {
  const png = await render(content);
  if (png.byteLength <= CARD_MAX_BYTES || content.imageDataUrl === undefined) return png;
  console.error(`card: ${png.byteLength} bytes with the lead image; drawing it without`);
  return render({ ...content, imageDataUrl: undefined });
}

const flights = new SingleFlight<Uint8Array>();

/**
 * The stored PNG under `key`, rendered and stored first when missing. Concurrent callers for
 * the same key wait for one render; R2 serves every later request and other isolates.
 */
export function storedCard(bucket: R2Bucket, key: string, content: () => Promise<CardContent>, render?: RenderCard): Promise<Uint8Array> {
  return flights.run(key, async () => {
    const existing = await bucket.get(key);
    if (existing) return new Uint8Array(await existing.arrayBuffer());
    const png = await renderWithinLimit(await content(), render);
    await bucket.put(key, png, { httpMetadata: { contentType: "image/png" } });
    return png;
  });
}

/** The article's card, rendering it (with its lead image, from allowed hosts) if needed. */
export function articleCard(bucket: R2Bucket, article: Article, site: SiteConfig, render?: RenderCard): Promise<Uint8Array> {
  return storedCard(
    bucket,
    articleCardKey(article),
    async () => {
      const content = articleCardContent(article, site);
      const image = article.leadImage ? await fetchLeadImage(article.leadImage.url, site.cardImageHosts) : undefined;
      return image ? { ...content, imageDataUrl: image } : content;
    },
    render,
  );
}

export async function defaultCard(bucket: R2Bucket, site: SiteConfig, render?: RenderCard): Promise<Uint8Array> {
  return storedCard(bucket, `default/${await defaultCardVersion(site)}.png`, async () => defaultCardContent(site), render);
}
