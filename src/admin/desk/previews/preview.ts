import type { MetaTag } from "../../../cards/social-meta";
import type { SiteConfig } from "../../../site/config";
import { type ImageAspect, PLATFORM_IDS, PLATFORMS, type PlatformId, type PlatformRule } from "./platforms";

/** A string as a platform shows it: cut with an ellipsis past its limit. */
export interface ShownText {
  text: string;
  /** The whole string, as the tag carries it. */
  full: string;
  cut: boolean;
  /** The limit it was cut at, in characters (graphemes). */
  maxChars: number;
}

export interface PreviewImage {
  src: string;
  alt: string;
  /** A large crop, or a small square thumbnail (the image was below the platform's size for a large one). */
  aspect: ImageAspect;
  size: "large" | "thumbnail";
}

/** One platform's preview of the link: what its reader would see. */
export interface PlatformPreview {
  platform: PlatformId;
  name: string;
  /** og:site_name or the link's host name, as the platform shows it. */
  site: string;
  title: ShownText;
  /** Undefined when the platform does not show a description (or the page has none). */
  description?: ShownText;
  image?: PreviewImage;
  /** twitter:label/data pairs, on the platforms that show them. */
  labels: { label: string; data: string }[];
  /** fediverse:creator accounts, on the platforms that show them. */
  creators: string[];
}

/** What the previews are drawn from: the page's own tags, and where the desk serves its card. */
export interface PreviewSource {
  tags: MetaTag[];
  site: Pick<SiteConfig, "name" | "url">;
  /** The card image URL the previews show (the desk's own route, so drafts have one too). */
  cardUrl: string;
}

const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/**
 * `text` cut to at most `maxChars` characters (graphemes: an emoji or a letter with its marks
 * counts once, and is never split), back to the last space when that keeps more than half,
 * with an ellipsis where it was cut.
 */
export function cutForPreview(text: string, maxChars: number): ShownText {
  const full = text.replace(/\s+/g, " ").trim();
  const parts = Array.from(graphemes.segment(full), (part) => part.segment);
  if (parts.length <= maxChars) return { text: full, full, cut: false, maxChars };
  const kept = parts.slice(0, Math.max(0, maxChars - 1)).join("");
  const lastSpace = kept.lastIndexOf(" ");
  const onWord = lastSpace > kept.length / 2 ? kept.slice(0, lastSpace) : kept;
  return { text: `${onWord.replace(/[\s,;:.–—-]+$/, "")}…`, full, cut: true, maxChars };
}

/** The first value of a tag, or "" (the page emits each tag once, but article:author and article:tag). */
function tagValue(tags: MetaTag[], key: string): string {
  return tags.find((tag) => tag.key === key)?.content ?? "";
}

function tagValues(tags: MetaTag[], key: string): string[] {
  return tags.filter((tag) => tag.key === key).map((tag) => tag.content);
}

/** "news.example" for "https://www.news.example/articles/x": platforms drop the www. */
function hostOf(url: string, fallback: string): string {
  const host = URL.parse(url)?.hostname ?? URL.parse(fallback)?.hostname ?? "";
  return host.replace(/^www\./, "");
}

function labelsOf(tags: MetaTag[]): { label: string; data: string }[] {
  return [1, 2].flatMap((n) => {
    const label = tagValue(tags, `twitter:label${n}`);
    const data = tagValue(tags, `twitter:data${n}`);
    return label && data ? [{ label, data }] : [];
  });
}

function imageFor(rule: PlatformRule, tags: MetaTag[], cardUrl: string, alt: string): PreviewImage | undefined {
  if (!tagValue(tags, "og:image")) return undefined;
  const width = Number(tagValue(tags, "og:image:width"));
  const height = Number(tagValue(tags, "og:image:height"));
  const min = rule.largeImageMin;
  const small = min !== undefined && width > 0 && height > 0 && (width < min.width || height < min.height);
  return small ? { src: cardUrl, alt, aspect: "1x1", size: "thumbnail" } : { src: cardUrl, alt, aspect: rule.imageAspect, size: "large" };
}

/** One platform's preview, from the page's tags. */
export function platformPreview(platform: PlatformId, { tags, site, cardUrl }: PreviewSource): PlatformPreview {
  const rule = PLATFORMS[platform];
  const title = tagValue(tags, "og:title") || tagValue(tags, "twitter:title");
  const description = tagValue(tags, "og:description") || tagValue(tags, "twitter:description");
  const siteName = tagValue(tags, "og:site_name") || site.name;
  const host = hostOf(tagValue(tags, "og:url"), site.url);
  const alt = tagValue(tags, "og:image:alt") || title;
  return {
    platform,
    name: rule.name,
    site: rule.site === "site_name" ? siteName : host,
    title: cutForPreview(title, rule.titleMaxChars),
    description: rule.showsDescription && description ? cutForPreview(description, rule.descriptionMaxChars) : undefined,
    image: imageFor(rule, tags, cardUrl, alt),
    labels: rule.showsLabels ? labelsOf(tags) : [],
    creators: rule.showsFediverseCreator ? tagValues(tags, "fediverse:creator") : [],
  };
}

/** Every platform's preview, in the desk's order. */
export function sharePreviews(source: PreviewSource): PlatformPreview[] {
  return PLATFORM_IDS.map((platform) => platformPreview(platform, source));
}

/** A headline or description a platform cuts: the lint's "headline cut on X after 70 characters". */
export interface TruncationFact {
  platform: PlatformId;
  name: string;
  field: "headline" | "description";
  maxChars: number;
  /** How long the whole string is, in characters. */
  fullChars: number;
  /** What the reader sees. */
  shown: string;
}

const charCount = (text: string) => Array.from(graphemes.segment(text)).length;

/** Every cut in these previews, headline and description, platform by platform. */
export function truncationFacts(previews: PlatformPreview[]): TruncationFact[] {
  return previews.flatMap((preview) =>
    (
      [
        ["headline", preview.title],
        ["description", preview.description],
      ] as const
    ).flatMap(([field, shown]) =>
      shown?.cut
        ? [
            {
              platform: preview.platform,
              name: preview.name,
              field,
              maxChars: shown.maxChars,
              fullChars: charCount(shown.full),
              shown: shown.text,
            },
          ]
        : [],
    ),
  );
}
