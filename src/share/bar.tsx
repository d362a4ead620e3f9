import { escapeAttribute, escapeText } from "entities";
import type { ShareSettings } from "../site/config";
import type { BrandedNetwork } from "./brands";
import { isLinkStyle } from "./networks";

/** One entry of the bar: a link (to /share/… or the platform) or a button the script reveals. */
export interface ShareEntry {
  network: BrandedNetwork;
  /** For links: where the link goes. For buttons: the URL to copy or share. */
  href: string;
}

const symbolId = (network: BrandedNetwork) => `hs-${network.id}`;

function accessibleName(network: BrandedNetwork): string {
  if (!isLinkStyle(network)) return network.label;
  return `Share on ${network.label}${network.newWindow ? ", opens in a new window" : ""}`;
}

function Icon({ network }: { network: BrandedNetwork }) {
  return (
    <svg aria-hidden="true" focusable="false">
      <use href={`#${symbolId(network)}`} />
    </svg>
  );
}

/**
 * The share bar: a `<nav>` with a list of links, each named for assistive technology, icons
 * hidden from it. Copy link, Share and Print are buttons that stay hidden unless the script
 * finds the browser can do them. No third-party request: icons come from the page's sprite.
 */
export function ShareBar({
  entries,
  settings,
  title,
  total,
  label = "Share this article",
}: {
  entries: ShareEntry[];
  settings: ShareSettings;
  title: string;
  total?: number;
  label?: string;
}) {
  const classes = ["hs", `hs-${settings.theme}`, `hs-${settings.labels}`, `hs-${settings.layout}`].join(" ");
  return (
    <nav class={classes} aria-label={label}>
      <ul>
        {entries.map(({ network, href }) => (
          // Buttons wait, hidden, until the script finds the browser can do what they do.
          <li hidden={isLinkStyle(network) ? undefined : true}>
            {isLinkStyle(network) ? (
              <a
                class={`hs-${network.id}`}
                href={href}
                rel="nofollow noopener"
                target={network.newWindow ? "_blank" : undefined}
                aria-label={accessibleName(network)}
              >
                <Icon network={network} />
                {settings.labels === "label" ? <span class="hs-t">{network.label}</span> : null}
              </a>
            ) : (
              <button
                type="button"
                class={`hs-${network.id}`}
                data-hs={network.kind === "native" ? "share" : network.kind}
                data-url={href}
                data-title={title}
                aria-label={accessibleName(network)}
              >
                <Icon network={network} />
                {settings.labels === "label" ? <span class="hs-t">{network.label}</span> : null}
              </button>
            )}
          </li>
        ))}
        {total !== undefined ? <li class="hs-n">{`${total} ${total === 1 ? "share" : "shares"}`}</li> : null}
      </ul>
      <p class="hs-live" role="status" aria-live="polite"></p>
    </nav>
  );
}

/** The icons every bar on the page uses, once, as an inline SVG sprite. */
export function ShareSprite({ networks }: { networks: BrandedNetwork[] }) {
  return (
    <svg class="hs-sprite" width="0" height="0" aria-hidden="true">
      {networks.map((network) => (
        <symbol id={symbolId(network)} viewBox={network.icon.viewBox} dangerouslySetInnerHTML={{ __html: network.icon.body }} />
      ))}
    </svg>
  );
}

/**
 * The plain row feeds carry where the shortcode stood: links only, no script or icons. A
 * string template rather than JSX: a 50-item feed builds many rows, and JSX rendering was
 * a twentieth of its time.
 */
export function feedShareRow(entries: ShareEntry[]): string {
  const links = entries
    .filter(({ network }) => isLinkStyle(network))
    .map(({ network, href }) => `<a href="${escapeAttribute(href)}" rel="nofollow noopener">${escapeText(network.label)}</a>`);
  return `<p>Share: ${links.join(" · ")}</p>`;
}
