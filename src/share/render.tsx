import { expandSharePlaceholders, SHARE_PLACEHOLDER } from "../articles/ingest/share-placeholder";
import type { Article } from "../articles/model";
import { articleSummary, DESCRIPTION_MAX_CHARS } from "../articles/summary";
import type { SiteConfig } from "../site/config";
import { shareUrl } from "../site/urls";
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

/** The configured networks in order, as the bar draws them; worked out once per configuration. */
const enabledByConfig = new WeakMap<SiteConfig, BrandedNetwork[]>();

export function enabledNetworks(site: SiteConfig): BrandedNetwork[] {
  let networks = enabledByConfig.get(site);
  if (!networks) {
    networks = site.shareNetworks.map((id) => branded(NETWORKS[id]));
    enabledByConfig.set(site, networks);
  }
  return networks;
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
    String(
      <ShareBar
        entries={entries}
        settings={site.share}
        title={article.title}
        total={options.total}
        label={index === 0 ? "Share this article" : `Share this article (${index + 1})`}
      />,
    );
}

/** Style, icon sprite and script, once per page that shows a bar. */
export function shareAssetsHtml(site: SiteConfig): string {
  // A pure function of the configured networks: built once per configuration, not per page.
  const key = site.shareNetworks.join(",");
  let assets = assetsByNetworks.get(key);
  if (assets === undefined) {
    const networks = enabledNetworks(site);
    assets = `<style>${shareBarCss(networks)}</style>${String(<ShareSprite networks={networks} />)}<script>${SHARE_BAR_SCRIPT}</script>`;
    assetsByNetworks.set(key, assets);
  }
  return assets;
}

const assetsByNetworks = new Map<string, string>();

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
  if (body.includes(SHARE_PLACEHOLDER)) return { body: expandSharePlaceholders(body, bar), assets: shareAssetsHtml(site) };
  const position = site.share.position;
  if (position === "none") return { body, assets: "" };
  const top = position === "top" || position === "both" ? bar(0) : "";
  const bottom = position === "bottom" ? bar(0) : position === "both" ? bar(1) : "";
  return { body: `${top}${body}${bottom}`, assets: shareAssetsHtml(site) };
}
