import { raw } from "hono/html";
import type { Child } from "hono/jsx";
import type { Article, Person } from "../articles/model";
import { formatDate } from "../articles/summary";
import type { SiteConfig } from "../site/config";
import { authorUrl, categoryUrl, homeUrl } from "../site/urls";
import type { FeedLink } from "./feed-links";
import { SITE_CSS } from "./styles";

/** What every page is served as (as Hono's `c.html` sends it). */
export const HTML_CONTENT_TYPE = "text/html; charset=UTF-8";

export interface LayoutProps {
  site: SiteConfig;
  title: string;
  description?: string;
  /** Absolute canonical URL of this page. */
  canonicalUrl?: string;
  /** Feeds announced with `<link rel="alternate">` for readers' autodiscovery. */
  feeds?: FeedLink[];
  /** The robots meta tag's content, when the page asks crawlers for more than their defaults. */
  robots?: string;
  /** More of `<head>`: social tags, JSON-LD. */
  head?: Child;
  children: Child;
}

/** The HTML document around every page: one inline stylesheet, no third parties (an article's share bar adds its own style and script). */
export function Layout({ site, title, description, canonicalUrl, feeds = [], robots, head, children }: LayoutProps) {
  return (
    <>
      {raw("<!DOCTYPE html>")}
      <html lang={site.language} dir={site.direction}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{title}</title>
          {/* No favicon yet: an empty one saves every visitor a 404. */}
          <link rel="icon" href="data:," />
          {description ? <meta name="description" content={description} /> : null}
          {robots ? <meta name="robots" content={robots} /> : null}
          {canonicalUrl ? <link rel="canonical" href={canonicalUrl} /> : null}
          {feeds.map((feed) => (
            <link rel="alternate" type={feed.type} title={feed.title} href={feed.href} />
          ))}
          {head}
          <style dangerouslySetInnerHTML={{ __html: SITE_CSS }} />
        </head>
        <body>
          <a class="skip" href="#content">
            Skip to content
          </a>
          <header class="site">
            <div>
              <a class="brand" href={homeUrl(site.url)}>
                {site.name}
              </a>
            </div>
          </header>
          <main id="content">{children}</main>
          <footer class="site">
            <div>
              <p>
                © {site.publisherName}. {site.description}
              </p>
            </div>
          </footer>
        </body>
      </html>
    </>
  );
}

/** The section above a headline, linked to its category page. */
export function SectionLink({ article, site }: { article: Pick<Article, "section">; site: SiteConfig }) {
  if (!article.section) return null;
  return (
    <p class="section">
      <a href={categoryUrl(site.url, article.section.slug)}>{article.section.name}</a>
    </p>
  );
}

/** "By Jane Roe · November 7, 2021", under a headline. */
export function BylineAndDate({ article, site }: { article: Pick<Article, "authors" | "publishedAt">; site: SiteConfig }) {
  return (
    <p class="meta">
      By <Byline authors={article.authors} site={site} />
      {" · "}
      <time datetime={article.publishedAt}>{formatDate(article.publishedAt, site.language)}</time>
    </p>
  );
}

/** "Jane Roe", "Jane Roe and John Doe", "A, B and C" (in the site's language), each a link to the author's page. */
function Byline({ authors, site }: { authors: Person[]; site: SiteConfig }) {
  const parts = new Intl.ListFormat(site.language, { style: "long", type: "conjunction" }).formatToParts(authors.map((a) => a.name));
  let index = 0;
  return (
    <span class="author">
      {parts.map((part) => {
        if (part.type !== "element") return part.value;
        const author = authors[index++];
        return author ? <a href={authorUrl(site.url, author.slug)}>{part.value}</a> : part.value;
      })}
    </span>
  );
}
