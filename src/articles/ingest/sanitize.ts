import sanitizeHtml from "sanitize-html";
import { SHARE_PLACEHOLDER_ATTRIBUTES, SHARE_PLACEHOLDER_TAG } from "./share-placeholder";

/** Video players an article may embed; every other iframe is dropped. */
export const ALLOWED_IFRAME_HOSTS = ["www.youtube.com", "www.youtube-nocookie.com", "player.vimeo.com"];

/**
 * Resolves a URL against the article's canonical URL so bodies work in feeds and on other
 * hosts. Returns undefined for URLs that cannot be parsed, which drops the attribute.
 */
function absoluteUrl(value: string | undefined, baseUrl: string): string | undefined {
  if (value === undefined) return undefined;
  try {
    return new URL(value.trim(), baseUrl).href;
  } catch {
    return undefined;
  }
}

function withAbsoluteUrl(attribute: string, baseUrl: string): sanitizeHtml.Transformer {
  return (tagName, attribs) => {
    const resolved = absoluteUrl(attribs[attribute], baseUrl);
    const { [attribute]: _dropped, ...rest } = attribs;
    return { tagName, attribs: resolved === undefined ? rest : { ...rest, [attribute]: resolved } };
  };
}

/**
 * Allow-list sanitiser for article bodies: no scripts, styles, event handlers, `javascript:`
 * URLs, forms, or iframes from unknown hosts. `h1` becomes `h2` because the page's headline is
 * the only `h1`.
 */
export function sanitizeArticleHtml(html: string, baseUrl: string): string {
  return sanitizeHtml(html, {
    allowedTags: [
      "p",
      "br",
      "hr",
      "h2",
      "h3",
      "h4",
      "h5",
      "h6",
      "blockquote",
      "q",
      "cite",
      "ul",
      "ol",
      "li",
      "dl",
      "dt",
      "dd",
      "strong",
      "b",
      "em",
      "i",
      "u",
      "s",
      "sub",
      "sup",
      "small",
      "mark",
      "abbr",
      "code",
      "pre",
      "kbd",
      "a",
      "img",
      "figure",
      "figcaption",
      "iframe",
      "time",
      "span",
      "table",
      "caption",
      "thead",
      "tbody",
      "tfoot",
      "tr",
      "th",
      "td",
      SHARE_PLACEHOLDER_TAG,
    ],
    allowedAttributes: {
      a: ["href", "title"],
      img: ["src", "alt", "width", "height", "title"],
      iframe: ["src", "width", "height", "title", "allowfullscreen"],
      blockquote: ["cite"],
      q: ["cite"],
      abbr: ["title"],
      time: ["datetime"],
      ol: ["start", "reversed"],
      td: ["colspan", "rowspan"],
      th: ["colspan", "rowspan", "scope"],
      [SHARE_PLACEHOLDER_TAG]: Object.keys(SHARE_PLACEHOLDER_ATTRIBUTES),
    },
    allowedSchemes: ["http", "https", "mailto", "tel"],
    allowedSchemesByTag: { img: ["http", "https"], iframe: ["https"] },
    allowedIframeHostnames: ALLOWED_IFRAME_HOSTS,
    allowIframeRelativeUrls: false,
    transformTags: {
      h1: "h2",
      a: withAbsoluteUrl("href", baseUrl),
      img: withAbsoluteUrl("src", baseUrl),
      // Fallback text inside an iframe is never shown by browsers and would be re-escaped on
      // every pass through the pipeline; drop it.
      iframe: (tagName, attribs) => ({ ...withAbsoluteUrl("src", baseUrl)(tagName, attribs), text: "" }),
      blockquote: withAbsoluteUrl("cite", baseUrl),
    },
    // An <img> without a usable src, or an <iframe> whose src was refused, is only noise.
    exclusiveFilter: (frame) => (frame.tag === "img" && !frame.attribs.src) || (frame.tag === "iframe" && !frame.attribs.src),
  });
}
