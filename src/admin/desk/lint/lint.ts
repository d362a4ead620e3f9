import { type ChildNode, type Element, isTag, isText } from "domhandler";
import { findOne, textContent } from "domutils";
import { parseDocument } from "htmlparser2";
import { leftoverShortcodes, VERBATIM_TAGS } from "../../../articles/ingest/shortcodes";
import type { Article } from "../../../articles/model";
import { CARD_MAX_BYTES } from "../../../cards/card-design";
import type { MetaTag } from "../../../cards/social-meta";
import type { SiteConfig } from "../../../site/config";
import { isSiteUrl } from "../../../site/urls";
import { LARGE_CARD_RATIO, PHOTO_MINIMUM_LARGE, PHOTO_RECOMMENDED, PLATFORMS } from "../previews/platforms";
import { sharePreviews, truncationFacts } from "../previews/preview";

export type Severity = "error" | "warning" | "notice";

/** Most serious first: the order findings are shown in. */
export const SEVERITIES: Severity[] = ["error", "warning", "notice"];

export interface Finding {
  /** Stable, for tests and links: the rule's name, and the platform when per platform ("headline-cut-x"). */
  id: string;
  severity: Severity;
  /** What the reader would see. */
  seen: string;
  /** How to fix it. */
  fix: string;
}

/** The share card as drawn now: its size and whether the lead photo is on it, or why it could not be drawn. */
export type CardFacts = { bytes: number; photoDrawn: boolean } | { failed: string };

/**
 * What became of the article's lead photo on its way to the card: none; from a host the card
 * may not fetch (CARD_IMAGE_HOSTS); fetched and decoded, with its size; refused by
 * fetchLeadImage (`skipped`: not a PNG or JPEG, too large, a redirect…), not reachable now
 * (`unavailable`), or not decodable; or not wanted (the site draws text cards).
 */
export type LeadPhotoFacts =
  | { kind: "none" }
  | { kind: "text-layout" }
  | { kind: "host-not-allowed"; host: string }
  | { kind: "usable"; width: number; height: number }
  | { kind: "skipped" | "unavailable" | "undecodable"; reason: string };

/** Everything the lint looks at, gathered beforehand: the lint itself does no I/O. */
export interface LintInput {
  article: Article;
  site: Pick<SiteConfig, "name" | "url">;
  /** The tags the public page emits (articleSocialMeta). */
  tags: MetaTag[];
  card: CardFacts;
  /** What the ingest pipeline warned about when the article was last stored. */
  ingestWarnings: string[];
  leadPhoto: LeadPhotoFacts;
}

type Rule = (input: LintInput) => Finding[];

const px = (size: { width: number; height: number }) => `${size.width}×${size.height}`;

/**
 * A headline cut a little (the limits are approximations, and the words that matter usually
 * come first) is a notice; one that loses more than a quarter of its characters is a warning.
 */
const HEADLINE_LOSS_WARNING = 0.25;

/** Headlines and descriptions each platform cuts, from the same limits the previews use. */
const truncation: Rule = ({ tags, site }) =>
  truncationFacts(sharePreviews({ tags, site, cardUrl: "" })).map((cut) =>
    cut.field === "headline"
      ? {
          id: `headline-cut-${cut.platform}`,
          severity: (cut.fullChars - cut.maxChars) / cut.fullChars > HEADLINE_LOSS_WARNING ? "warning" : "notice",
          seen: `${cut.name} cuts the ${cut.fullChars}-character headline after about ${cut.maxChars} characters: “${cut.shown}”.`,
          fix: `Shorten the headline to ${cut.maxChars} characters or fewer, or put the words that matter first.`,
        }
      : {
          id: `description-cut-${cut.platform}`,
          severity: "notice",
          seen: `${cut.name} cuts the ${cut.fullChars}-character description after about ${cut.maxChars} characters: “${cut.shown}”.`,
          fix: "Write a shorter dek (the description comes from it), or accept the cut: the start of it is what counts.",
        },
  );

const leadImage: Rule = ({ article }) => {
  if (!article.leadImage) {
    return [
      {
        id: "no-lead-image",
        severity: "warning",
        seen: "Every platform shows the text-only card: the headline on the site's colours, no photo.",
        fix: "Give the article a lead image (at least 1200×630, from a host in CARD_IMAGE_HOSTS).",
      },
    ];
  }
  if (!article.leadImage.alt.trim()) {
    return [
      {
        id: "lead-image-no-alt",
        severity: "warning",
        seen: "A screen reader announces the article's lead photo with no description (in the page and in feeds).",
        fix: "Add alt text to the lead image saying what the photo shows.",
      },
    ];
  }
  return [];
};

/** The photo's size: as fetched when it could be, else as the article declares it. */
function photoSize({ article, leadPhoto }: LintInput): { width: number; height: number } | undefined {
  if (leadPhoto.kind === "usable") return { width: leadPhoto.width, height: leadPhoto.height };
  const { width, height } = article.leadImage ?? {};
  return width && height ? { width, height } : undefined;
}

const photoDimensions: Rule = (input) => {
  const size = photoSize(input);
  if (!input.article.leadImage || !size) return [];
  const findings: Finding[] = [];
  if (size.width < PHOTO_MINIMUM_LARGE.width || size.height < PHOTO_MINIMUM_LARGE.height) {
    findings.push({
      id: "photo-too-small",
      severity: "warning",
      seen: `The ${px(size)} photo is below Facebook's ${px(PHOTO_MINIMUM_LARGE)} minimum for a large image: blown up on the 1200×630 card, it looks blurred, and platforms that show the photo itself (Google's article image) may show it small.`,
      fix: `Use a photo of at least ${px(PHOTO_RECOMMENDED)} (Facebook's recommendation for high-resolution screens).`,
    });
  } else if (size.width < PHOTO_RECOMMENDED.width || size.height < PHOTO_RECOMMENDED.height) {
    findings.push({
      id: "photo-too-small",
      severity: "notice",
      seen: `The ${px(size)} photo is under the ${px(PHOTO_RECOMMENDED)} Facebook recommends: on high-resolution screens the card looks soft.`,
      fix: `Use a photo of at least ${px(PHOTO_RECOMMENDED)}.`,
    });
  }
  const ratio = size.width / size.height;
  // Within a quarter of 1.91:1 a crop takes little off; beyond it, heads and edges go.
  if (Math.abs(ratio - LARGE_CARD_RATIO) / LARGE_CARD_RATIO > 0.25) {
    findings.push({
      id: "photo-ratio",
      severity: "notice",
      seen: `The photo is ${ratio.toFixed(2)}:1, far from the card's 1.91:1: the card crops its ${ratio > LARGE_CARD_RATIO ? "sides" : "top and bottom"}.`,
      fix: "Crop the photo near 1.91:1 yourself (1200×630), keeping what matters in the middle.",
    });
  }
  return findings;
};

const card: Rule = ({ card }) => {
  if ("failed" in card) {
    return [
      {
        id: "card-failed",
        severity: "error",
        seen: "The share card could not be drawn: platforms get the site's default card instead.",
        fix: `Look at the publishing health page and the logs (${card.failed}).`,
      },
    ];
  }
  if (card.bytes <= CARD_MAX_BYTES) return [];
  const whatsapp = PLATFORMS.whatsapp.imageMaxBytes ?? CARD_MAX_BYTES;
  return [
    {
      id: "card-too-large",
      severity: "error",
      seen: `The card is ${Math.round(card.bytes / 1024)} KB: WhatsApp shows no image over ${whatsapp / 1024} KB.`,
      fix: "Use a calmer or smaller lead photo (busy detail costs bytes), then redraw the card.",
    },
  ];
};

const photoDropped: Rule = ({ leadPhoto, card }) => {
  const drawn = !("failed" in card) && card.photoDrawn;
  switch (leadPhoto.kind) {
    case "host-not-allowed":
      return [
        {
          id: "photo-host-not-allowed",
          severity: "warning",
          seen: `The card has no photo: ${leadPhoto.host} is not one of the hosts cards may fetch from.`,
          fix: `Host the lead image on an allowed host, or add ${leadPhoto.host} to CARD_IMAGE_HOSTS.`,
        },
      ];
    case "skipped":
    case "undecodable":
      return [
        {
          id: "photo-not-usable",
          severity: "warning",
          seen: `The card has no photo: the lead image was refused (${leadPhoto.reason}).`,
          fix: "Use a PNG or JPEG of at most 3 MB and 4000 px a side, at a URL that answers without a redirect.",
        },
      ];
    case "unavailable":
      return [
        {
          id: "photo-unavailable",
          severity: "warning",
          seen: `The card was drawn without its photo: the image host did not answer (${leadPhoto.reason}). It is drawn again on a later request.`,
          fix: "Check that the lead image URL loads; nothing to change if it was a passing failure.",
        },
      ];
    case "usable":
      return drawn
        ? []
        : [
            {
              id: "photo-dropped",
              severity: "warning",
              seen: "The card was drawn without the photo (with it, it stayed over 300 KB at every quality).",
              fix: "Use a calmer photo (less fine detail), then redraw the card.",
            },
          ];
    default:
      return [];
  }
};

const canonical: Rule = ({ article, site }) =>
  isSiteUrl(site.url, article.canonicalUrl)
    ? []
    : [
        {
          id: "canonical-off-site",
          severity: "warning",
          seen: `Shares link to ${article.canonicalUrl}, not to ${site.url}: the previews, and the share counts, belong to that page.`,
          fix: "Remove the canonical URL override unless that other page really is the article's home.",
        },
      ];

/** Shortcode-looking text left in the body, judged as the ingest pipeline judges it, outside code. */
function shortcodesInBody(bodyHtml: string): string[] {
  const found: string[] = [];
  const visit = (nodes: ChildNode[]) => {
    for (const node of nodes) {
      if (isText(node)) found.push(...leftoverShortcodes(node.data));
      else if (isTag(node) && !VERBATIM_TAGS.has(node.name)) visit(node.children);
    }
  };
  visit(parseDocument(bodyHtml).children);
  return found;
}

const INGEST_WARNING_KINDS = [
  { prefix: "unknown shortcode left as text", id: "ingest-shortcode", severity: "warning" },
  { prefix: "removed comment-form residue", id: "ingest-comment-residue", severity: "notice" },
] as const;

const leftovers: Rule = ({ article, ingestWarnings }) => {
  const findings: Finding[] = ingestWarnings.map((warning) => {
    const kind = INGEST_WARNING_KINDS.find((k) => warning.startsWith(k.prefix));
    if (kind?.id === "ingest-shortcode") {
      return {
        id: kind.id,
        severity: kind.severity,
        seen: `Readers see literal shortcode text in the article (${warning}).`,
        fix: "Remove the shortcode from the source in WordPress, or replace it with what it stood for, and store the article again.",
      };
    }
    if (kind?.id === "ingest-comment-residue") {
      return {
        id: kind.id,
        severity: kind.severity,
        seen: `Nothing: Herald removed the comment form's text from the end of the body (${warning}).`,
        fix: "Check the removed text was not part of the article; clean the export if it keeps coming.",
      };
    }
    return {
      id: "ingest-warning",
      severity: "notice",
      seen: `The ingest pipeline noted: ${warning}.`,
      fix: "Check the article reads as intended.",
    };
  });
  // Shortcodes the ingest already warned about are one finding, not two.
  const inBody = shortcodesInBody(article.bodyHtml).filter((text) => !ingestWarnings.some((warning) => warning.includes(text)));
  if (inBody.length > 0) {
    findings.push({
      id: "body-shortcode",
      severity: "warning",
      seen: `Readers see shortcode text in the article: ${inBody.slice(0, 3).join(", ")}${inBody.length > 3 ? ` and ${inBody.length - 3} more` : ""}.`,
      fix: "Edit the body to remove the shortcode, or replace it with what it stood for.",
    });
  }
  return findings;
};

const fediverse: Rule = ({ article }) => {
  const without = article.authors.filter((author) => !author.fediverse).map((author) => author.name);
  if (without.length === 0) return [];
  return [
    {
      id: "no-fediverse-creator",
      severity: "notice",
      seen: `Mastodon shows no "More from …" author line for ${without.join(", ")}: the page has no fediverse:creator for them.`,
      fix: "Add the author's fediverse handle (@user@instance) to their author record.",
    },
  ];
};

const normalised = (text: string) => text.replace(/\s+/g, " ").trim().toLowerCase();

/** The text of the body's first h1 or h2, if it has one. */
export function firstHeading(bodyHtml: string): string | undefined {
  const heading = findOne((element: Element) => element.name === "h1" || element.name === "h2", parseDocument(bodyHtml).children, true);
  return heading ? textContent(heading).replace(/\s+/g, " ").trim() : undefined;
}

const headingMatch: Rule = ({ article }) => {
  const heading = firstHeading(article.bodyHtml);
  if (heading === undefined || normalised(heading) === normalised(article.title)) return [];
  return [
    {
      id: "title-differs-from-heading",
      severity: "notice",
      seen: `Shares show “${article.title}”, but the article opens with the heading “${heading}”.`,
      fix: "Make the headline and the body's first heading agree, or remove the heading from the body (the page prints the headline).",
    },
  ];
};

/** The rules, one function each. */
export const LINT_RULES: Rule[] = [
  truncation,
  leadImage,
  photoDimensions,
  card,
  photoDropped,
  canonical,
  leftovers,
  fediverse,
  headingMatch,
];

/** Every finding for one article, most serious first (then by id, so the order is stable). */
export function lintArticle(input: LintInput): Finding[] {
  return LINT_RULES.flatMap((rule) => rule(input)).sort(
    (a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) || a.id.localeCompare(b.id),
  );
}
