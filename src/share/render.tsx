import type { SiteConfig } from "../env";
import type { Article } from "../articles/model";
import { articleSummary } from "../articles/summary";
import { FeedShareRow, ShareBar, ShareSprite, type ShareEntry } from "./bar";
import { SHARE_BAR_CSS, SHARE_BAR_SCRIPT } from "./assets";
import { platformShareUrl, type ShareTarget } from "./links";
import { findNetwork, type ShareNetwork } from "./networks";
import { SHARE_PLACEHOLDER, expandSharePlaceholders } from "./placeholder";

/** What a share of this article says: canonical URL, title, summary, image, tags, via. */
export function shareTarget(article: Article, site: SiteConfig, image?: string): ShareTarget {
  return {
    url: article.canonicalUrl,
    title: article.title,
    text: articleSummary(article, 200),
    image: image ?? article.leadImage?.url,
    tags: article.tags.map((tag) => tag.name),
    via: site.xHandle,
  };
}

export function enabledNetworks(site: SiteConfig): ShareNetwork[] {
  return site.shareNetworks.map((id) => findNetwork(id)).filter((network): network is ShareNetwork => network !== undefined);
}

/** Herald's own share endpoint for an article and network (counted, then redirected). */
export function shareEndpoint(site: SiteConfig, article: Pick<Article, "slug">, networkId: string): string {
  return `${site.url}/share/${article.slug}/${networkId}`;
}

/**
 * Where each entry of the bar goes: through /share/ (counted) or, in direct mode, straight to
 * the platform. Mastodon always needs Herald's form; buttons carry the canonical URL.
 */
export function shareEntries(article: Article, site: SiteConfig, image?: string): ShareEntry[] {
  const target = shareTarget(article, site, image);
  return enabledNetworks(site).map((network) => {
    if (network.kind === "mastodon") return { network, href: shareEndpoint(site, article, network.id) };
    if (network.kind !== "link") return { network, href: article.canonicalUrl };
    const href = site.share.mode === "direct" ? platformShareUrl(network, target) : shareEndpoint(site, article, network.id);
    return { network, href };
  });
}

/** The bar's HTML for a page. */
export function shareBarHtml(article: Article, site: SiteConfig, options: { image?: string; total?: number } = {}): string {
  return String(<ShareBar entries={shareEntries(article, site, options.image)} settings={site.share} title={article.title} total={options.total} />);
}

/** Style, icon sprite and script, once per page that shows a bar. */
export function shareAssetsHtml(site: SiteConfig): string {
  const sprite = String(<ShareSprite networks={enabledNetworks(site)} />);
  return `<style>${SHARE_BAR_CSS}</style>${sprite}<script>${SHARE_BAR_SCRIPT}</script>`;
}

/** The plain row feeds carry where the shortcode stood. */
export function feedShareRowHtml(article: Article, site: SiteConfig): string {
  return String(<FeedShareRow entries={shareEntries(article, site)} />);
}

/**
 * The article body with a bar wherever a placeholder stands; an article without one gets
 * the bar at the configured position. Returns "" assets when no bar is shown.
 */
export function placeShareBars(article: Article, site: SiteConfig, bar: string): { body: string; assets: string } {
  const body = article.bodyHtml;
  if (body.includes(SHARE_PLACEHOLDER)) return { body: expandSharePlaceholders(body, bar), assets: shareAssetsHtml(site) };
  const position = site.share.position;
  if (position === "none" || enabledNetworks(site).length === 0) return { body, assets: "" };
  const top = position === "top" || position === "both" ? bar : "";
  const bottom = position === "bottom" || position === "both" ? bar : "";
  return { body: `${top}${body}${bottom}`, assets: shareAssetsHtml(site) };
}

