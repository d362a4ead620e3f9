import type { ShareField, ShareNetwork } from "./networks";

/** What is being shared: plain text and absolute URLs. */
export interface ShareTarget {
  url: string;
  title: string;
  /** A plain-text summary. */
  text: string;
  image?: string;
  tags: string[];
  /** X handle without "@", credited as "via". */
  via?: string;
}

/** X counts every URL as 23 characters, whatever its length. */
const X_URL_LENGTH = 23;
const X_MAX = 280;
const BLUESKY_MAX = 300;

const graphemes = (text: string) => [...new Intl.Segmenter(undefined, { granularity: "grapheme" }).segment(text)].map((s) => s.segment);

/** At most `max` graphemes, cut between graphemes (never inside an emoji or a combined letter), ellipsis included. */
export function trimGraphemes(text: string, max: number): string {
  const parts = graphemes(text);
  if (parts.length <= max) return text;
  return `${parts
    .slice(0, Math.max(0, max - 1))
    .join("")
    .trimEnd()}…`;
}

function fieldValue(field: ShareField, target: ShareTarget): string | undefined {
  switch (field) {
    case "url":
    case "title":
    case "text":
      return target[field] || undefined;
    case "image":
      return target.image;
    case "via":
      return target.via;
    case "tags":
      return target.tags.length ? target.tags.join(",") : undefined;
    case "titleAndUrl":
      return `${target.title} ${target.url}`;
    case "textAndUrl":
      return `${target.text ? `${target.text}\n\n` : ""}${target.url}`;
    case "xText": {
      const via = target.via ? ` via @${target.via}`.length : 0;
      return trimGraphemes(target.title, X_MAX - X_URL_LENGTH - 1 - via);
    }
    case "blueskyText": {
      const room = BLUESKY_MAX - graphemes(target.url).length - 1;
      return `${trimGraphemes(target.title, room)} ${target.url}`;
    }
  }
}

/**
 * The platform's share URL for a link network: each value encoded once with
 * encodeURIComponent (so `mailto:` and `sms:` get %20, not "+"), empty fields left out.
 */
export function platformShareUrl(network: ShareNetwork, target: ShareTarget): string {
  if (network.kind !== "link" || !network.base) throw new Error(`${network.id} has no share URL`);
  const query = Object.entries(network.params ?? {})
    .map(([name, source]) => [name, typeof source === "string" ? fieldValue(source, target) : source.value] as const)
    .filter((pair): pair is readonly [string, string] => pair[1] !== undefined && pair[1] !== "")
    .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`)
    .join("&");
  return query ? `${network.base}?${query}` : network.base;
}

/** The Mastodon instance's share page, for a host the reader named. */
export function mastodonShareUrl(instance: string, target: ShareTarget): string {
  return `https://${instance}/share?text=${encodeURIComponent(`${target.title} ${target.url}`)}`;
}
