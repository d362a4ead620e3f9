/**
 * The share networks a site can enable (in this order in error messages and in the default
 * bar), and whether each is in the bar when SHARE_NETWORKS is empty. Configuration needs only these names; the
 * registry (`share/networks.ts`) must give each one a row, which its `Record<NetworkId, …>`
 * type checks.
 */
const IN_DEFAULT_BAR = {
  facebook: true,
  x: true,
  linkedin: true,
  whatsapp: true,
  telegram: true,
  reddit: true,
  bluesky: true,
  threads: true,
  mastodon: true,
  email: true,
  copy: true,
  native: true,
  pinterest: false,
  hackernews: false,
  tumblr: false,
  flipboard: false,
  line: false,
  vk: false,
  odnoklassniki: false,
  viber: false,
  teams: false,
  lobsters: false,
  sms: false,
  print: false,
} as const;

export type NetworkId = keyof typeof IN_DEFAULT_BAR;

export const NETWORK_IDS = Object.keys(IN_DEFAULT_BAR) as NetworkId[];

/** The bar when SHARE_NETWORKS is empty, in registry order. */
export const DEFAULT_NETWORKS: NetworkId[] = NETWORK_IDS.filter((id) => IN_DEFAULT_BAR[id]);

export function isNetworkId(id: string): id is NetworkId {
  return Object.hasOwn(IN_DEFAULT_BAR, id);
}
