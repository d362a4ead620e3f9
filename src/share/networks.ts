import { NETWORK_IDS, type NetworkId } from "../site/network-ids";

/** What a share URL can carry, prepared by the link builder. */
export type ShareField =
  | "url"
  | "title"
  | "text"
  | "image"
  | "tags"
  | "via"
  /** "Title https://…": one message for apps with a single text field. */
  | "titleAndUrl"
  /** Summary, blank line, URL: an email body. */
  | "textAndUrl"
  /** The title trimmed for X (280 characters, the URL counting 23). */
  | "xText"
  /** Title and URL within Bluesky's 300 graphemes. */
  | "blueskyText";

/**
 * How one network shares. `kind: "link"` networks have a URL template (base + query parameters
 * taken from share fields or fixed values); "mastodon" goes through Herald's own form; the
 * others are buttons the bar's script reveals.
 */
export interface ShareNetwork {
  id: NetworkId;
  label: string;
  kind: "link" | "mastodon" | "copy" | "native" | "print";
  base?: string;
  params?: Record<string, ShareField | { value: string }>;
  newWindow: boolean;
}

type Row = Omit<ShareNetwork, "id">;

const link = (label: string, base: string, params: Row["params"], newWindow = true): Row => ({
  label,
  kind: "link",
  base,
  params,
  newWindow,
});

/**
 * The registry, one row per network, as the platforms document their share intents today.
 * Dead services (Pocket, Google+, StumbleUpon) are not offered. Icons and colours: brands.ts.
 */
const ROWS: Record<NetworkId, Row> = {
  facebook: link("Facebook", "https://www.facebook.com/sharer/sharer.php", { u: "url" }),
  x: link("X", "https://x.com/intent/tweet", { url: "url", text: "xText", via: "via" }),
  linkedin: link("LinkedIn", "https://www.linkedin.com/sharing/share-offsite/", { url: "url" }),
  whatsapp: link("WhatsApp", "https://wa.me/", { text: "titleAndUrl" }),
  telegram: link("Telegram", "https://t.me/share/url", { url: "url", text: "title" }),
  reddit: link("Reddit", "https://www.reddit.com/submit", { url: "url", title: "title" }),
  bluesky: link("Bluesky", "https://bsky.app/intent/compose", { text: "blueskyText" }),
  threads: link("Threads", "https://www.threads.com/intent/post", { url: "url", text: "title" }),
  mastodon: { label: "Mastodon", kind: "mastodon", newWindow: true },
  email: link("Email", "mailto:", { subject: "title", body: "textAndUrl" }, false),
  copy: { label: "Copy link", kind: "copy", newWindow: false },
  native: { label: "Share", kind: "native", newWindow: false },
  pinterest: link("Pinterest", "https://www.pinterest.com/pin/create/button/", { url: "url", media: "image", description: "title" }),
  hackernews: link("Hacker News", "https://news.ycombinator.com/submitlink", { u: "url", t: "title" }),
  tumblr: link("Tumblr", "https://www.tumblr.com/widgets/share/tool", {
    canonicalUrl: "url",
    title: "title",
    caption: "text",
    tags: "tags",
  }),
  flipboard: link("Flipboard", "https://share.flipboard.com/bookmarklet/popout", { v: { value: "2" }, url: "url", title: "title" }),
  line: link("LINE", "https://social-plugins.line.me/lineit/share", { url: "url" }),
  vk: link("VK", "https://vk.com/share.php", { url: "url", title: "title", image: "image" }),
  odnoklassniki: link("Odnoklassniki", "https://connect.ok.ru/offer", { url: "url", title: "title", imageUrl: "image" }),
  viber: link("Viber", "viber://forward", { text: "titleAndUrl" }, false),
  teams: link("Microsoft Teams", "https://teams.microsoft.com/share", { href: "url", msgText: "title" }),
  lobsters: link("Lobsters", "https://lobste.rs/stories/new", { url: "url", title: "title" }),
  sms: link("SMS", "sms:", { body: "titleAndUrl" }, false),
  print: { label: "Print", kind: "print", newWindow: false },
};

export const NETWORKS = Object.fromEntries(NETWORK_IDS.map((id) => [id, { id, ...ROWS[id] } satisfies ShareNetwork])) as Record<
  NetworkId,
  ShareNetwork
>;

export function findNetwork(id: string): ShareNetwork | undefined {
  return Object.hasOwn(NETWORKS, id) ? NETWORKS[id as NetworkId] : undefined;
}

/**
 * Networks the bar shows as links (a share intent or Herald's Mastodon form), which work
 * without JavaScript and go through /share/; the rest are buttons.
 */
export function isLinkStyle(network: ShareNetwork): boolean {
  return network.kind === "link" || network.kind === "mastodon";
}
