/**
 * How each platform shows a shared link, as data: one row per platform, the rules the desk's
 * previews and lint use. Platforms cut text by lines at their own widths and fonts, not by
 * characters; the character limits here are approximations of those lines at a typical width
 * unless the row's source says the platform documents a number. Each row says where its rule
 * comes from, and which parts are only observed.
 */

/** How the card image is cropped in the preview: the CSS class is `crop-<aspect>`. */
export type ImageAspect = "191x100" | "2x1" | "1x1";

/** Each crop as people write it. */
export const ASPECT_LABELS: Record<ImageAspect, string> = { "191x100": "1.91:1", "2x1": "2:1", "1x1": "1:1" };

/** What a platform shows as the link's site: Open Graph's og:site_name, or the link's host name. */
export type SiteShown = "site_name" | "domain";

export interface PlatformRule {
  name: string;
  /** The headline is cut after about this many characters (with an ellipsis). */
  titleMaxChars: number;
  /** How many lines of headline the platform shows (what the character limit approximates). */
  titleMaxLines: number;
  /** Whether og:description appears in the preview at all. */
  showsDescription: boolean;
  /** The description is cut after about this many characters (ignored when not shown). */
  descriptionMaxChars: number;
  /** The large image's crop. */
  imageAspect: ImageAspect;
  /**
   * Below this size (from og:image:width/height) the platform shows a small square thumbnail
   * instead of the large image; undefined when no threshold is known.
   */
  largeImageMin?: { width: number; height: number };
  site: SiteShown;
  /** Shows twitter:label1/data1 and label2/data2 ("Written by", "Reading time"). */
  showsLabels: boolean;
  /** Shows the fediverse:creator accounts as an author line. */
  showsFediverseCreator: boolean;
  /** Larger card images are dropped (no image at all), in bytes. */
  imageMaxBytes?: number;
  /** Where the rule comes from: a documentation URL, or "observed" and what. */
  source: string;
}

export type PlatformId =
  | "facebook"
  | "x"
  | "linkedin"
  | "slack"
  | "discord"
  | "whatsapp"
  | "telegram"
  | "imessage"
  | "mastodon"
  | "bluesky";

export const PLATFORMS: Record<PlatformId, PlatformRule> = {
  // Image sizes and the small-thumbnail threshold are documented; the headline's two lines
  // (≈ 88 characters in the desktop feed) and the description left out of large-image link
  // posts are observed in the feed, not documented.
  facebook: {
    name: "Facebook",
    titleMaxChars: 88,
    titleMaxLines: 2,
    showsDescription: false,
    descriptionMaxChars: 0,
    imageAspect: "191x100",
    largeImageMin: { width: 600, height: 315 },
    site: "domain",
    showsLabels: false,
    showsFediverseCreator: false,
    source:
      "https://developers.facebook.com/docs/sharing/webmasters/images (1.91:1, 600×315 minimum for the large image); headline length and hidden description observed",
  },
  // 70 and 200 characters are the old Cards markup reference's limits; the large card's 2:1
  // image and 300×157 minimum are documented. Since late 2023 the card shows the headline
  // over the image and "From <domain>" below it, without the description: observed.
  x: {
    name: "X",
    titleMaxChars: 70,
    titleMaxLines: 1,
    showsDescription: false,
    descriptionMaxChars: 200,
    imageAspect: "2x1",
    largeImageMin: { width: 300, height: 157 },
    site: "domain",
    showsLabels: false,
    showsFediverseCreator: false,
    source:
      "https://developer.x.com/en/docs/x-for-websites/cards/overview/summary-card-with-large-image (2:1, 300×157 minimum; title 70, description 200 characters); headline over the image observed",
  },
  // 1200×627 (1.91:1) is LinkedIn's recommended link image; two lines of headline (≈ 90
  // characters), the domain below it and no description in the feed are observed.
  linkedin: {
    name: "LinkedIn",
    titleMaxChars: 90,
    titleMaxLines: 2,
    showsDescription: false,
    descriptionMaxChars: 0,
    imageAspect: "191x100",
    site: "domain",
    showsLabels: false,
    showsFediverseCreator: false,
    source: "https://www.linkedin.com/post-inspector/ (1200×627 recommended); headline length and hidden description observed",
  },
  // Slack's own blog documents og:site_name above the headline and the twitter:label/data
  // pairs as fields; the character limits are approximations of what an unfurl shows before
  // it cuts (observed).
  slack: {
    name: "Slack",
    titleMaxChars: 150,
    titleMaxLines: 2,
    showsDescription: true,
    descriptionMaxChars: 300,
    imageAspect: "191x100",
    site: "site_name",
    showsLabels: true,
    showsFediverseCreator: false,
    source:
      "https://medium.com/slack-developer-blog/everything-you-ever-wanted-to-know-about-unfurling-but-were-afraid-to-ask-or-how-to-make-your-e64b4bb9254 (site name, label/data fields); lengths observed",
  },
  // An embed's title is at most 256 characters (Discord's embed limits); for unfurled
  // links the description is cut near 350 characters and theme-color colours the embed's
  // edge (observed).
  discord: {
    name: "Discord",
    titleMaxChars: 256,
    titleMaxLines: 2,
    showsDescription: true,
    descriptionMaxChars: 350,
    imageAspect: "191x100",
    site: "site_name",
    showsLabels: false,
    showsFediverseCreator: false,
    source: "https://discord.com/developers/docs/resources/message#embed-object-embed-limits (title 256); description length observed",
  },
  // WhatsApp publishes nothing for link previews: the 300 KB image limit is widely observed
  // (and why Herald's cards stay under it); two lines of headline and one of description
  // in a chat bubble are observed on phones.
  whatsapp: {
    name: "WhatsApp",
    titleMaxChars: 65,
    titleMaxLines: 2,
    showsDescription: true,
    descriptionMaxChars: 80,
    imageAspect: "191x100",
    site: "domain",
    showsLabels: false,
    showsFediverseCreator: false,
    imageMaxBytes: 300 * 1024,
    source: "observed (no public documentation): images over 300 KB dropped; lengths in a phone's chat bubble",
  },
  // Telegram's link preview shows og:site_name in its accent colour, the headline and the
  // description, and a large photo below for a wide image: observed in its apps.
  telegram: {
    name: "Telegram",
    titleMaxChars: 100,
    titleMaxLines: 2,
    showsDescription: true,
    descriptionMaxChars: 200,
    imageAspect: "191x100",
    site: "site_name",
    showsLabels: false,
    showsFediverseCreator: false,
    source: "observed in Telegram's apps (no documentation of preview lengths)",
  },
  // Apple's technote covers which tags Messages reads (og:title, og:image); the bubble's two
  // lines of headline (≈ 60 characters), the host name and no description are observed.
  imessage: {
    name: "iMessage",
    titleMaxChars: 60,
    titleMaxLines: 2,
    showsDescription: false,
    descriptionMaxChars: 0,
    imageAspect: "191x100",
    site: "domain",
    showsLabels: false,
    showsFediverseCreator: false,
    source: "https://developer.apple.com/library/archive/technotes/tn2444/_index.html (tags read); lengths and hidden description observed",
  },
  // fediverse:creator's "More from …" line is documented by Mastodon (4.3, shown only for
  // publishers a server's moderators allow); the card's site name, two lines of headline and
  // of description are observed on the web client.
  mastodon: {
    name: "Mastodon",
    titleMaxChars: 90,
    titleMaxLines: 2,
    showsDescription: true,
    descriptionMaxChars: 140,
    imageAspect: "191x100",
    site: "site_name",
    showsLabels: false,
    showsFediverseCreator: true,
    source: "https://github.com/mastodon/mastodon/pull/30398 (fediverse:creator author line); lengths observed on the web client",
  },
  // A Bluesky link card is an app.bsky.embed.external record (title, description, a thumb of
  // at most 1,000,000 bytes), made by the poster's app; three lines of headline, two of
  // description and the host name are observed on bsky.app.
  bluesky: {
    name: "Bluesky",
    titleMaxChars: 100,
    titleMaxLines: 3,
    showsDescription: true,
    descriptionMaxChars: 120,
    imageAspect: "191x100",
    site: "domain",
    showsLabels: false,
    showsFediverseCreator: false,
    imageMaxBytes: 1_000_000,
    source:
      "https://github.com/bluesky-social/atproto/blob/main/lexicons/app/bsky/embed/external.json (thumb ≤ 1,000,000 bytes); lengths observed on bsky.app",
  },
};

/** The platforms in the order the desk shows them. */
export const PLATFORM_IDS = Object.keys(PLATFORMS) as PlatformId[];

/**
 * The large-card photo sizes the lint uses: Facebook's recommended 1200×630 for high-resolution
 * screens and its 600×315 minimum for a large image (developers.facebook.com/docs/sharing/webmasters/images).
 */
export const PHOTO_RECOMMENDED = { width: 1200, height: 630 } as const;
export const PHOTO_MINIMUM_LARGE = { width: 600, height: 315 } as const;
/** 1.91:1, the ratio Facebook, LinkedIn and most others crop a large card image to. */
export const LARGE_CARD_RATIO = 1.91;
