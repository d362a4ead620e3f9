import { decodeHTML, decodeHTMLAttribute } from "entities";
import { SHARE_PLACEHOLDER } from "../../articles/ingest/share-placeholder";
import { replaceShareShortcodesInMarkup } from "../../articles/ingest/shortcodes";
import type { Article } from "../../articles/model";
import { jsonForScript, type MetaTag, pageSocialMeta, type SocialMeta } from "../../cards/social-meta";
import { MetaTags } from "../../pages/social-head";
import { linkedShareAssets, pageShareBarsHtml, shareBarsHtml } from "../../share/render";
import type { SiteConfig } from "../../site/config";

/** What Herald knows of an origin page before it streams. */
export interface PageFacts {
  site: SiteConfig;
  /** The page's address on the public site (SITE_URL, path and query). */
  url: string;
  /** The article Herald holds for this page (synced or imported, matched by permalink), with its social tags. */
  known?: { article: Article; social: SocialMeta };
  /** Herald's site card, the preview image of a page Herald holds no article for. */
  siteCardUrl: string;
}

/** Elements whose text is code or raw text: a shortcode there is shown, not meant. */
const VERBATIM = "script, style, textarea, code, pre, kbd";
/** The post's content: classic themes' `.entry-content`, block themes' `.wp-block-post-content`. */
const POST_CONTENT = ".entry-content, .wp-block-post-content";
/** Elfsight's widget container (`<div class="elfsight-app-…">`), its platform.js, and preconnects to its hosts. */
const ELFSIGHT_WIDGET = '[class*="elfsight-app-"]';
const ELFSIGHT_ASSETS = 'script[src*="elfsight"], link[href*="elfsight"]';
/** JSON-LD types that already describe the page as an article (Yoast writes Article; news plugins NewsArticle). */
const ARTICLE_TYPES = new Set(["Article", "NewsArticle", "ReportageNewsArticle", "AnalysisNewsArticle", "BlogPosting"]);
/** Tags Herald never adds to an origin page: the theme owns the browser's colours. */
const THEME_OWNED = new Set(["theme-color"]);
/** A text node longer than this is let through as it is rather than held whole (no real paragraph is). */
const MAX_HELD_TEXT = 64 * 1024;

function hasArticleType(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasArticleType);
  if (!value || typeof value !== "object") return false;
  const node = value as Record<string, unknown>;
  const types = Array.isArray(node["@type"]) ? node["@type"] : [node["@type"]];
  return types.some((type) => typeof type === "string" && ARTICLE_TYPES.has(type)) || hasArticleType(node["@graph"]);
}

/** One page's pass: what the head already says, and where bars have gone. */
class PageRewrite {
  private canonical?: string;
  private titleText = "";
  private description?: string;
  private readonly present = new Set<string>();
  private articleJsonLd = false;
  private jsonLdText = "";
  private single: boolean;
  private headDone = false;
  private inTitle = false;
  private verbatimDepth = 0;
  private heldText = "";
  private contentSeen = false;
  private barsPlaced = 0;
  private shortcodeBars = 0;
  private bars?: (index: number) => string;

  constructor(private readonly facts: PageFacts) {
    this.single = facts.known !== undefined;
  }

  /** Every handler, in one rewriter: lol-html calls them in document order. */
  rewriter(): HTMLRewriter {
    return (
      new HTMLRewriter()
        .on("link[rel~=canonical]", { element: (el) => this.onCanonical(el) })
        .on("meta", { element: (el) => this.onMeta(el) })
        // The page's title, not an icon's <svg><title> in the body.
        .on("head > title", {
          element: (el) => {
            this.inTitle = true;
            el.onEndTag(() => {
              this.inTitle = false;
            });
          },
        })
        .on('script[type="application/ld+json"]', {
          text: (chunk) => {
            this.jsonLdText += chunk.text;
            if (!chunk.lastInTextNode) return;
            try {
              if (hasArticleType(JSON.parse(this.jsonLdText))) this.articleJsonLd = true;
            } catch {
              // A theme's broken JSON-LD is the theme's; it describes nothing Herald can rely on.
            }
            this.jsonLdText = "";
          },
        })
        .on(VERBATIM, {
          element: (el) => {
            this.verbatimDepth++;
            el.onEndTag(() => {
              this.verbatimDepth--;
            });
          },
        })
        .on("head", {
          element: (el) => {
            el.onEndTag((end) => {
              end.before(this.headTags(), { html: true });
            });
          },
        })
        .on("body", { element: (el) => this.onBody(el) })
        .on(ELFSIGHT_ASSETS, {
          element: (el) => {
            // Other Elfsight apps on the site still need Elfsight's script.
            if (this.facts.site.elfsightKeptApps.length === 0) el.remove();
          },
        })
        .on(ELFSIGHT_WIDGET, {
          element: (el) => {
            const app = /\belfsight-app-([0-9a-f-]+)/i.exec(el.getAttribute("class") ?? "")?.[1]?.toLowerCase();
            if (app && this.facts.site.elfsightKeptApps.includes(app)) return;
            this.shortcodeBars++;
            el.replace(this.nextBar(), { html: true });
          },
        })
        .on(POST_CONTENT, { element: (el) => this.onPostContent(el) })
        .onDocument({ text: (chunk) => this.onText(chunk) })
    );
  }

  private onCanonical(el: Element): void {
    const href = el.getAttribute("href");
    if (href && !this.canonical) this.canonical = URL.parse(decodeHTMLAttribute(href), this.facts.url)?.href;
  }

  private onMeta(el: Element): void {
    const key = el.getAttribute("property") ?? el.getAttribute("name");
    const content = el.getAttribute("content");
    if (!key || content === null) return;
    this.present.add(key.toLowerCase());
    const cleaned = replaceShareShortcodesInMarkup(content, () => "");
    // The value is still in its source form (entities as written): it goes back as it is.
    if (cleaned !== content) el.setAttribute("content", cleaned.trim());
    if (key === "og:title") this.titleText = decodeHTMLAttribute(cleaned);
    if ((key === "description" && this.description === undefined) || key === "og:description") {
      this.description = decodeHTMLAttribute(cleaned);
    }
  }

  private onBody(el: Element): void {
    // WordPress's body_class marks a single post's page with "single".
    if ((el.getAttribute("class") ?? "").split(/\s+/).includes("single")) this.single = true;
    // A page whose head has no end tag still gets its tags, just before the body.
    if (!this.headDone) el.before(this.headTags(), { html: true });
  }

  /** The share bar at SHARE_POSITION inside a single post's content, when nothing else put one there. */
  private onPostContent(el: Element): void {
    if (!this.single || this.contentSeen) return;
    this.contentSeen = true;
    const { position } = this.facts.site.share;
    const known = this.facts.known;
    const hasPlaceholder = known ? known.article.bodyHtml.includes(SHARE_PLACEHOLDER) : false;
    if (hasPlaceholder) return;
    // Streaming cannot know yet whether a shortcode follows: a top bar goes in regardless.
    if (position === "top" || position === "both") el.prepend(this.nextBar(), { html: true });
    if (position === "bottom" || position === "both") {
      el.onEndTag((end) => {
        if (this.shortcodeBars === 0) end.before(this.nextBar(), { html: true });
      });
    }
  }

  /**
   * Text is held from its first "[" to the end of its text node, since a shortcode may arrive
   * split across chunks; text without a bracket streams through untouched.
   */
  private onText(chunk: Text): void {
    if (this.verbatimDepth > 0) return;
    const text = this.heldText + chunk.text;
    if (this.heldText === "" && !text.includes("[")) {
      this.passing(text);
      return;
    }
    if (!chunk.lastInTextNode && text.length < MAX_HELD_TEXT) {
      const start = this.heldText === "" ? text.indexOf("[") : 0;
      this.heldText = text.slice(start);
      chunk.replace(this.passing(text.slice(0, start)), { html: true });
      return;
    }
    this.heldText = "";
    // In the <title> a shortcode is only removed; in the page it becomes a bar.
    const replaced = replaceShareShortcodesInMarkup(text, () => {
      if (this.inTitle) return "";
      this.shortcodeBars++;
      return this.nextBar();
    });
    chunk.replace(this.passing(replaced), { html: true });
  }

  /** Text on its way to the visitor; the <title>'s is also what shares are titled, unless og:title says otherwise. */
  private passing(markup: string): string {
    if (this.inTitle && !this.present.has("og:title")) this.titleText += decodeHTML(markup);
    return markup;
  }

  /** The next bar, with the stylesheet, script and icons before the first one. */
  private nextBar(): string {
    this.bars ??= this.makeBars();
    const bar = this.bars(this.barsPlaced++);
    return this.barsPlaced === 1 ? `${linkedShareAssets(this.facts.site).html}${bar}` : bar;
  }

  private makeBars(): (index: number) => string {
    const { site, known } = this.facts;
    if (known) return shareBarsHtml(known.article, site);
    return pageShareBarsHtml(
      {
        url: this.canonical ?? this.facts.url,
        title: this.titleText.trim() || site.name,
        text: this.description?.trim() ?? "",
        tags: [],
        via: site.xHandle,
      },
      site,
    );
  }

  /** The social tags the head lacks (existing ones are kept, never repeated), and JSON-LD for a known article. */
  private headTags(): string {
    if (this.headDone) return "";
    this.headDone = true;
    const { site, known } = this.facts;
    const tags = known
      ? known.social.tags
      : pageSocialMeta(
          {
            title: this.titleText.trim() || site.name,
            description: this.description?.trim() ?? site.description,
            url: this.canonical ?? this.facts.url,
          },
          site,
          this.facts.siteCardUrl,
        );
    const missing = tags.filter((tag) => this.isMissing(tag));
    const jsonLd =
      known && !this.articleJsonLd ? (
        <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: jsonForScript(known.social.jsonLd) }} />
      ) : null;
    return String(
      <>
        <MetaTags tags={missing} />
        {jsonLd}
      </>,
    );
  }

  /**
   * A tag the page lacks. The page's own image, in either family, stays its preview image: X
   * falls back to og:image (and Yoast writes only that), so neither family's image, size or alt
   * is added beside it.
   */
  private isMissing(tag: MetaTag): boolean {
    const key = tag.key.toLowerCase();
    if (THEME_OWNED.has(key) || this.present.has(key)) return false;
    const isImageTag = key.startsWith("og:image") || key.startsWith("twitter:image");
    return !(isImageTag && (this.present.has("og:image") || this.present.has("twitter:image")));
  }
}

/**
 * An origin page through HTMLRewriter, streaming: the leaked shortcode (in every form the
 * ingest pipeline knows, split across chunks or not) and every Elfsight embed become Herald's
 * share bar for the page's canonical URL; a single post without either gets the bar at
 * SHARE_POSITION inside its content; missing Open Graph, Twitter and (for an article Herald
 * holds) JSON-LD NewsArticle tags are added. The theme's own markup, CSS and scripts are left
 * as they are, and the bar's assets are files of Herald's, which the origin's CSP allows as
 * 'self'.
 */
export function rewritePage(response: Response, facts: PageFacts): Response {
  return new PageRewrite(facts).rewriter().transform(response);
}
