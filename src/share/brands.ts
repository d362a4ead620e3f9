import {
  type SimpleIcon,
  siBluesky,
  siFacebook,
  siFlipboard,
  siLine,
  siLobsters,
  siMastodon,
  siOdnoklassniki,
  siPinterest,
  siReddit,
  siTelegram,
  siThreads,
  siTumblr,
  siViber,
  siVk,
  siWhatsapp,
  siX,
  siYcombinator,
} from "simple-icons";
import type { NetworkId } from "../site/network-ids";
import { fromSimpleIcon, GENERIC_ICONS, type ShareIcon } from "./icons";
import type { ShareNetwork } from "./networks";

/** How a network looks in the bar: its icon and, for the brand theme, its colour. */
export interface Brand {
  icon: ShareIcon;
  color: string;
}

const simple = (icon: SimpleIcon): Brand => ({ icon: fromSimpleIcon(icon), color: `#${icon.hex}` });
const generic = (icon: ShareIcon, color = "#4b5563"): Brand => ({ icon, color });

/** Brand icons from simple-icons; LinkedIn, Teams and the generic actions from bootstrap-icons. */
const BRANDS: Record<NetworkId, Brand> = {
  facebook: simple(siFacebook),
  x: { ...simple(siX), color: "#000000" },
  linkedin: generic(GENERIC_ICONS.linkedin, "#0a66c2"),
  whatsapp: simple(siWhatsapp),
  telegram: simple(siTelegram),
  reddit: simple(siReddit),
  bluesky: simple(siBluesky),
  threads: { ...simple(siThreads), color: "#000000" },
  mastodon: simple(siMastodon),
  email: generic(GENERIC_ICONS.email),
  copy: generic(GENERIC_ICONS.link),
  native: generic(GENERIC_ICONS.share),
  pinterest: simple(siPinterest),
  hackernews: simple(siYcombinator),
  tumblr: simple(siTumblr),
  flipboard: simple(siFlipboard),
  line: simple(siLine),
  vk: simple(siVk),
  odnoklassniki: simple(siOdnoklassniki),
  viber: simple(siViber),
  teams: generic(GENERIC_ICONS.teams, "#5b5fc7"),
  lobsters: simple(siLobsters),
  sms: generic(GENERIC_ICONS.sms),
  print: generic(GENERIC_ICONS.print),
};

/** A network as the bar draws it. */
export type BrandedNetwork = ShareNetwork & Brand;

export function branded(network: ShareNetwork): BrandedNetwork {
  return { ...network, ...BRANDS[network.id] };
}
