import type { SiteConfig } from "../env";
import type { Article } from "../articles/model";
import { articlePath } from "../articles/model";
import { articleSummary } from "../articles/summary";
import { Layout, formatDate, joinNames } from "./layout";

const TEASER_MAX_CHARS = 240;

/** The newest articles, each with headline, byline, date and a teaser. */
export function HomePage({ articles, site, olderHref }: { articles: Article[]; site: SiteConfig; olderHref?: string }) {
  return (
    <Layout site={site} title={site.name} description={site.description} canonicalUrl={`${site.url}/`}>
      <h1>Latest news</h1>
      {articles.length === 0 ? <p>No articles have been published yet.</p> : null}
      <ul class="list">
        {articles.map((article) => (
          <li>
            {article.section ? <p class="section">{article.section.name}</p> : null}
            <h2>
              <a href={`${site.url}${articlePath(article.slug)}`}>{article.title}</a>
            </h2>
            <p class="meta">
              By <span class="author">{joinNames(article.authors.map((a) => a.name), site.language)}</span>
              {" · "}
              <time datetime={article.publishedAt}>{formatDate(article.publishedAt, site.language)}</time>
            </p>
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
