import { sha256 } from "@noble/hashes/sha2.js";
import { utf8ToBytes } from "@noble/hashes/utils.js";
import { expandSharePlaceholders, SHARE_PLACEHOLDER } from "../articles/ingest/share-placeholder";
import type { Article } from "../articles/model";
import { articleSummary, DESCRIPTION_MAX_CHARS } from "../articles/summary";
import { toHex } from "../http/hash";
import type { SiteConfig } from "../site/config";
import { shareBarAssetUrl, shareUrl } from "../site/urls";
import { SHARE_BAR_SCRIPT, shareBarCss } from "./assets";
import { feedShareRow, ShareBar, type ShareEntry, ShareSprite } from "./bar";
import { type BrandedNetwork, branded } from "./brands";
import { platformShareUrl, type ShareTarget } from "./links";
import { isLinkStyle, NETWORKS } from "./networks";

/** What a share of this article says: canonical URL, title, summary, image, tags, via. */
export function shareTarget(article: Article, site: SiteConfig, image?: string): ShareTarget {
  return {
    url: article.canonicalUrl,
    title: article.title,
    text: articleSummary(article, DESCRIPTION_MAX_CHARS),
    image: image ?? article.leadImage?.url,
    tags: article.tags.map((tag) => tag.name),
    via: site.xHandle,
  };
}

/** What the configured bar is made of: a pure function of the configuration, built once per configuration, not per page. */
interface ShareSetup {
  /** The configured networks in order, as the bar draws them. */
  networks: BrandedNetwork[];
  /** The bar's stylesheet, as pages carry it and as the CSP allows it by hash. */
  stylesheet: string;
  /** Style, icon sprite and script, once per page that shows a bar. */
  assetsHtml: string;
  /** The same for an origin page (edge mode): stylesheet and script as versioned files of Herald's. */
  linkedAssetsHtml: string;
  /** The version in those files' URLs: a hash of what they hold. */
  assetVersion: string;
}

const setups = new WeakMap<SiteConfig, ShareSetup>();

function shareSetup(site: SiteConfig): ShareSetup {
  let setup = setups.get(site);
  if (!setup) {
    const networks = site.shareNetworks.map((id) => branded(NETWORKS[id]));
    const stylesheet = shareBarCss(networks);
    const sprite = String(<ShareSprite networks={networks} />);
    const assetsHtml = `<style>${stylesheet}</style>${sprite}<script>${SHARE_BAR_SCRIPT}</script>`;
    // Synchronous (pure-JS SHA-256): the rewriter needs the URLs while it streams.
    const assetVersion = toHex(sha256(utf8ToBytes(stylesheet + SHARE_BAR_SCRIPT))).slice(0, 16);
    const linkedAssetsHtml = String(
      <>
        <link rel="stylesheet" href={shareBarAssetUrl(site.url, "shareBarStylesheet", assetVersion)} />
        <script src={shareBarAssetUrl(site.url, "shareBarScript", assetVersion)} defer />
      </>,
    );
    setup = { networks, stylesheet, assetsHtml, linkedAssetsHtml: `${linkedAssetsHtml}${sprite}`, assetVersion };
    setups.set(site, setup);
  }
  return setup;
}

export function enabledNetworks(site: SiteConfig): BrandedNetwork[] {
  return shareSetup(site).networks;
}

export function shareBarStylesheet(site: SiteConfig): string {
  return shareSetup(site).stylesheet;
}

/** The bar's stylesheet link, script and icon sprite for a page Herald does not draw (edge mode). */
export function linkedShareAssets(site: SiteConfig): { html: string; version: string } {
  const setup = shareSetup(site);
  return { html: setup.linkedAssetsHtml, version: setup.assetVersion };
}

/**
 * Where each entry of the bar goes: through /share/ (counted) or, in direct mode, straight to
 * the platform. Mastodon always needs Herald's form; buttons carry the canonical URL.
 */
export function shareEntries(article: Article, site: SiteConfig, image?: string): ShareEntry[] {
  // Only direct links carry the article's text, whose summary means parsing the body.
  const target = site.share.mode === "direct" ? shareTarget(article, site, image) : undefined;
  return enabledNetworks(site).map((network) => {
    if (!isLinkStyle(network)) return { network, href: article.canonicalUrl };
    if (target && network.kind === "link") return { network, href: platformShareUrl(network, target) };
    return { network, href: shareUrl(site.url, article.slug, network.id) };
  });
}

/** Each bar on a page has its own landmark name when there is more than one. */
function barLabel(index: number): string {
  return index === 0 ? "Share this article" : `Share this article (${index + 1})`;
}

/**
 * The bar's HTML for a page, once per place it stands: each gets its own landmark name when
 * a page has more than one.
 */
export function shareBarsHtml(
  article: Article,
  site: SiteConfig,
  options: { image?: string; total?: number } = {},
): (index: number) => string {
  const entries = shareEntries(article, site, options.image);
  return (index) =>
    String(<ShareBar entries={entries} settings={site.share} title={article.title} total={options.total} label={barLabel(index)} />);
}

/**
 * The bar for a page Herald holds no article for (an origin page in edge mode): links straight
 * to each platform, since a counted /share/ link names an article. Mastodon needs Herald's
 * form, which also names one, so it is left out.
 */
export function pageShareBarsHtml(target: ShareTarget, site: SiteConfig): (index: number) => string {
  const entries = enabledNetworks(site)
    .filter((network) => network.kind !== "mastodon")
    .map((network) => ({ network, href: network.kind === "link" ? platformShareUrl(network, target) : target.url }));
  return (index) => String(<ShareBar entries={entries} settings={site.share} title={target.title} label={barLabel(index)} />);
}

/** The plain row feeds carry where the shortcode stood. */
export function feedShareRowHtml(article: Article, site: SiteConfig): string {
  return feedShareRow(shareEntries(article, site));
}

/**
 * The article body with a bar wherever a placeholder stands; an article without one gets
 * the bar at the configured position. Returns "" assets when no bar is shown.
 */
export function placeShareBars(article: Article, site: SiteConfig, bar: (index: number) => string): { body: string; assets: string } {
  const body = article.bodyHtml;
  if (enabledNetworks(site).length === 0) return { body: expandSharePlaceholders(body, ""), assets: "" };
  if (body.includes(SHARE_PLACEHOLDER)) return { body: expandSharePlaceholders(body, bar), assets: shareSetup(site).assetsHtml };
  const position = site.share.position;
  if (position === "none") return { body, assets: "" };
  const top = position === "top" || position === "both" ? bar(0) : "";
  const bottom = position === "bottom" ? bar(0) : position === "both" ? bar(1) : "";
  return { body: `${top}${body}${bottom}`, assets: shareSetup(site).assetsHtml };
}
