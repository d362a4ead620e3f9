import type { Article } from "../articles/model";
import { articleSummary } from "../articles/summary";
import { pageSocialMeta } from "../cards/social-meta";
import type { SiteConfig } from "../site/config";
import { articleUrl, homeUrl } from "../site/urls";
import type { FeedLink } from "./feed-links";
import { BylineAndDate, Layout, SectionLink } from "./layout";
import { MetaTags } from "./social-head";

const TEASER_MAX_CHARS = 240;

export interface ArticleListProps {
  site: SiteConfig;
  /** Page title and h1: "Latest news", an author's name, a category's name. */
  heading: string;
  description: string;
  canonicalUrl: string;
  feeds: FeedLink[];
  articles: Article[];
  olderHref?: string;
  /** The site's default card, for link previews of this page. */
  cardUrl: string;
}

/** Newest articles first, each with section, headline, byline, date and a teaser. */
export function ArticleListPage({ site, heading, description, canonicalUrl, feeds, articles, olderHref, cardUrl }: ArticleListProps) {
  const title = canonicalUrl === homeUrl(site.url) ? site.name : `${heading} – ${site.name}`;
  return (
    <Layout
      site={site}
      title={title}
      description={description}
      canonicalUrl={canonicalUrl}
      feeds={feeds}
      head={<MetaTags tags={pageSocialMeta({ title, description, url: canonicalUrl }, site, cardUrl)} />}
    >
      <h1>{heading}</h1>
      {articles.length === 0 ? <p>No articles have been published yet.</p> : null}
      <ul class="list">
        {articles.map((article) => (
          <li>
            <SectionLink article={article} site={site} />
            <h2>
              <a href={articleUrl(site.url, article.slug)}>{article.title}</a>
            </h2>
            <BylineAndDate article={article} site={site} />
            <p>{articleSummary(article, TEASER_MAX_CHARS)}</p>
          </li>
        ))}
      </ul>
      {olderHref ? (
        <p class="pager">
          <a href={olderHref}>Older articles</a>
        </p>
      ) : null}
    </Layout>
  );
}
