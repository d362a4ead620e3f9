import { imageSize } from "image-size";
import type { Article } from "../../../articles/model";
import { articleCard } from "../../../cards/cards";
import { fetchLeadImage, isCardImageUrl } from "../../../cards/lead-image";
import { decodePhoto } from "../../../cards/photo";
import type { SiteConfig } from "../../../site/config";
import type { CardFacts, LeadPhotoFacts } from "./lint";

/**
 * What became of the lead photo, found the way the card renderer finds it (the same host rule,
 * the same fetch and checks, a decode), through `fetcher` so tests give recorded answers.
 */
export async function leadPhotoFacts(article: Article, site: SiteConfig, fetcher?: typeof fetch): Promise<LeadPhotoFacts> {
  const url = article.leadImage?.url;
  if (!url) return { kind: "none" };
  if (site.cardLayout === "text") return { kind: "text-layout" };
  if (!isCardImageUrl(url, site.cardImageHosts)) return { kind: "host-not-allowed", host: URL.parse(url)?.hostname || url };
  const image = await fetchLeadImage(url, site.cardImageHosts, fetcher);
  if ("skipped" in image) return { kind: "skipped", reason: image.skipped };
  if ("unavailable" in image) return { kind: "unavailable", reason: image.unavailable };
  try {
    await decodePhoto(image.bytes, image.type);
  } catch (err) {
    return { kind: "undecodable", reason: `does not decode: ${String(err)}` };
  }
  // fetchLeadImage has read the header already; its checks guarantee a size.
  const { width = 0, height = 0 } = imageSize(image.bytes);
  return { kind: "usable", width, height };
}

/** A card that could be drawn: its bytes, for the desk's card route and the lint. */
export type DrawnCard = { bytes: Uint8Array } | { failed: string };

/** The article's share card as drawn now (read from R2 when stored, else drawn and stored there). */
export async function currentCard(bucket: R2Bucket, article: Article, site: SiteConfig, fetcher?: typeof fetch): Promise<DrawnCard> {
  try {
    return { bytes: (await articleCard(bucket, article, site, { fetcher })).bytes };
  } catch (err) {
    console.error(`desk: drawing the card of ${article.slug} failed`, err);
    return { failed: String(err) };
  }
}

/**
 * The card's facts for the lint. Whether the photo is on it follows from the photo's facts:
 * the renderer draws a usable photo unless the card would stay over 300 KB with it, which
 * the card's size cannot show (it is then a text card under the limit); that case is not told
 * apart here.
 */
export function cardFacts(card: DrawnCard, photo: LeadPhotoFacts): CardFacts {
  if ("failed" in card) return card;
  return { bytes: card.bytes.byteLength, photoDrawn: photo.kind === "usable" };
}
