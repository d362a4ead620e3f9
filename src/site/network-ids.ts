/**
 * The share networks a site can enable, in the order the registry lists them. Configuration
 * needs only these names; the registry (`share/networks.ts`) must give each one a row, which
 * its `Record<NetworkId, …>` type checks.
 */
export const NETWORK_IDS = [
  "facebook",
  "x",
  "linkedin",
  "whatsapp",
  "telegram",
  "reddit",
  "bluesky",
  "threads",
  "mastodon",
  "email",
  "copy",
  "native",
  "pinterest",
  "hackernews",
  "tumblr",
  "flipboard",
  "line",
  "vk",
  "odnoklassniki",
  "viber",
  "teams",
  "lobsters",
  "sms",
  "print",
] as const;

export type NetworkId = (typeof NETWORK_IDS)[number];

/** The bar when SHARE_NETWORKS is empty. */
export const DEFAULT_NETWORKS: NetworkId[] = [
  "facebook",
  "x",
  "linkedin",
  "whatsapp",
  "telegram",
  "reddit",
  "bluesky",
  "threads",
  "mastodon",
  "email",
  "copy",
  "native",
];

export function isNetworkId(id: string): id is NetworkId {
  return (NETWORK_IDS as readonly string[]).includes(id);
}
