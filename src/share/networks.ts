import {
  siBluesky, siFacebook, siFlipboard, siLine, siLobsters, siMastodon, siOdnoklassniki,
  siPinterest, siReddit, siTelegram, siThreads, siTumblr, siViber, siVk, siWhatsapp, siX, siYcombinator,
} from "simple-icons";
import { GENERIC_ICONS, fromSimpleIcon, type ShareIcon } from "./icons";

/** What a share URL can carry, prepared by the link builder. */
export type ShareField =
  | "url" | "title" | "text" | "image" | "tags" | "via"
  /** "Title https://…": one message for apps with a single text field. */
  | "titleAndUrl"
  /** Summary, blank line, URL: an email body. */
  | "textAndUrl"
  /** The title trimmed for X (280 characters, the URL counting 23). */
  | "xText"
  /** Title and URL within Bluesky's 300 graphemes. */
  | "blueskyText";

/**
 * One network. `kind: "link"` networks have a URL template (base + query parameters taken from
 * share fields or fixed values); the others are buttons or Herald's own Mastodon form.
 */
export interface ShareNetwork {
  id: string;
  label: string;
  kind: "link" | "mastodon" | "copy" | "native" | "print";
  base?: string;
  params?: Record<string, ShareField | { value: string }>;
  icon: ShareIcon;
  /** Brand colour, for the brand theme. */
  color: string;
  newWindow: boolean;
}

const link = (
  id: string, label: string, base: string, params: ShareNetwork["params"], icon: ShareIcon, color: string, newWindow = true,
): ShareNetwork => ({ id, label, kind: "link", base, params, icon, color, newWindow });

const simple = fromSimpleIcon;

/**
 * The registry, as the platforms document their share intents today. Dead services (Pocket,
 * Google+, StumbleUpon) are not offered.
 */
export const NETWORKS: ShareNetwork[] = [
  link("facebook", "Facebook", "https://www.facebook.com/sharer/sharer.php", { u: "url" }, simple(siFacebook), `#${siFacebook.hex}`),
  link("x", "X", "https://x.com/intent/tweet", { url: "url", text: "xText", via: "via" }, simple(siX), "#000000"),
  link("linkedin", "LinkedIn", "https://www.linkedin.com/sharing/share-offsite/", { url: "url" }, GENERIC_ICONS.linkedin, "#0a66c2"),
  link("whatsapp", "WhatsApp", "https://wa.me/", { text: "titleAndUrl" }, simple(siWhatsapp), `#${siWhatsapp.hex}`),
  link("telegram", "Telegram", "https://t.me/share/url", { url: "url", text: "title" }, simple(siTelegram), `#${siTelegram.hex}`),
  link("reddit", "Reddit", "https://www.reddit.com/submit", { url: "url", title: "title" }, simple(siReddit), `#${siReddit.hex}`),
  link("bluesky", "Bluesky", "https://bsky.app/intent/compose", { text: "blueskyText" }, simple(siBluesky), `#${siBluesky.hex}`),
  link("threads", "Threads", "https://www.threads.com/intent/post", { url: "url", text: "title" }, simple(siThreads), "#000000"),
  { id: "mastodon", label: "Mastodon", kind: "mastodon", icon: simple(siMastodon), color: `#${siMastodon.hex}`, newWindow: true },
  link("email", "Email", "mailto:", { subject: "title", body: "textAndUrl" }, GENERIC_ICONS.email, "#4b5563", false),
  { id: "copy", label: "Copy link", kind: "copy", icon: GENERIC_ICONS.link, color: "#4b5563", newWindow: false },
  { id: "native", label: "Share", kind: "native", icon: GENERIC_ICONS.share, color: "#4b5563", newWindow: false },
  link("pinterest", "Pinterest", "https://www.pinterest.com/pin/create/button/", { url: "url", media: "image", description: "title" }, simple(siPinterest), `#${siPinterest.hex}`),
  link("hackernews", "Hacker News", "https://news.ycombinator.com/submitlink", { u: "url", t: "title" }, simple(siYcombinator), `#${siYcombinator.hex}`),
  link("tumblr", "Tumblr", "https://www.tumblr.com/widgets/share/tool", { canonicalUrl: "url", title: "title", caption: "text", tags: "tags" }, simple(siTumblr), `#${siTumblr.hex}`),
  link("flipboard", "Flipboard", "https://share.flipboard.com/bookmarklet/popout", { v: { value: "2" }, url: "url", title: "title" }, simple(siFlipboard), `#${siFlipboard.hex}`),
  link("line", "LINE", "https://social-plugins.line.me/lineit/share", { url: "url" }, simple(siLine), `#${siLine.hex}`),
  link("vk", "VK", "https://vk.com/share.php", { url: "url", title: "title", image: "image" }, simple(siVk), `#${siVk.hex}`),
  link("odnoklassniki", "Odnoklassniki", "https://connect.ok.ru/offer", { url: "url", title: "title", imageUrl: "image" }, simple(siOdnoklassniki), `#${siOdnoklassniki.hex}`),
  link("viber", "Viber", "viber://forward", { text: "titleAndUrl" }, simple(siViber), `#${siViber.hex}`, false),
  link("teams", "Microsoft Teams", "https://teams.microsoft.com/share", { href: "url", msgText: "title" }, GENERIC_ICONS.teams, "#5b5fc7"),
  link("lobsters", "Lobsters", "https://lobste.rs/stories/new", { url: "url", title: "title" }, simple(siLobsters), `#${siLobsters.hex}`),
  link("sms", "SMS", "sms:", { body: "titleAndUrl" }, GENERIC_ICONS.sms, "#4b5563", false),
  { id: "print", label: "Print", kind: "print", icon: GENERIC_ICONS.print, color: "#4b5563", newWindow: false },
];

export const NETWORK_IDS = NETWORKS.map((network) => network.id);
export const DEFAULT_NETWORKS = ["facebook", "x", "linkedin", "whatsapp", "telegram", "reddit", "bluesky", "threads", "mastodon", "email", "copy", "native"];

const byId = new Map(NETWORKS.map((network) => [network.id, network]));

export function findNetwork(id: string): ShareNetwork | undefined {
  return byId.get(id);
}
