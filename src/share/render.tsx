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

/** What the configured bar is made of: a pure function of the configuration, built once per configuration, not per page. */
interface ShareSetup {
  /** The configured networks in order, as the bar draws them. */
  networks: BrandedNetwork[];
  /** The bar's stylesheet, as pages carry it and as the CSP allows it by hash. */
  stylesheet: string;
  /** Style, icon sprite and script, once per page that shows a bar. */
  assetsHtml: string;
}

const setups = new WeakMap<SiteConfig, ShareSetup>();

function shareSetup(site: SiteConfig): ShareSetup {
  let setup = setups.get(site);
  if (!setup) {
    const networks = site.shareNetworks.map((id) => branded(NETWORKS[id]));
    const stylesheet = shareBarCss(networks);
    const assetsHtml = `<style>${stylesheet}</style>${String(<ShareSprite networks={networks} />)}<script>${SHARE_BAR_SCRIPT}</script>`;
    setup = { networks, stylesheet, assetsHtml };
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
