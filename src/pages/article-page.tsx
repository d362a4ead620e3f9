import { raw } from "hono/html";
import type { Article } from "../articles/model";
import type { SocialMeta } from "../cards/social-meta";
import type { SiteConfig } from "../site/config";
import { textDirection } from "../site/text-direction";
import { SITE_SCOPE } from "../site/urls";
import { feedLinks } from "./feed-links";
import { BylineAndDate, Layout, SectionLink } from "./layout";
import { SocialHead } from "./social-head";

/**
 * What an article page asks of search engines: Yoast SEO's default for posts. Without
 * max-image-preview:large, Google shows the page with a thumbnail only (in Discover too),
 * not the full-width card; max-snippet and max-video-preview -1 lift the length limits.
 * ROBOTS_LARGE_PREVIEWS=off leaves the tag out.
 */
export const ARTICLE_ROBOTS = "index, follow, max-image-preview:large, max-snippet:-1, max-video-preview:-1";

/**
 * The article's own `dir` when its text runs the other way from the site's language (a Hebrew
 * article on an English site): decided by its title's first strong character.
 */
function articleDir(article: Article, site: SiteConfig): "rtl" | "ltr" | undefined {
  const direction = textDirection(article.title);
  return direction !== site.direction ? direction : undefined;
}

/**
 * One article as a readable page, with every social tag. Pure: the body comes with its share
 * bars already placed, and `shareAssets` is the bar's style, icons and script (or "").
 */
export function ArticlePage({
  article,
  site,
  social,
  body,
  shareAssets,
}: {
  article: Article;
  site: SiteConfig;
  social: SocialMeta;
  body: string;
  shareAssets: string;
}) {
  const lead = article.leadImage;
  return (
    <Layout
      site={site}
      title={`${article.title} – ${site.name}`}
      description={social.description}
      canonicalUrl={article.canonicalUrl}
      feeds={feedLinks(site, SITE_SCOPE, site.name)}
      robots={site.robotsLargePreviews ? ARTICLE_ROBOTS : undefined}
      head={<SocialHead social={social} title={article.title} />}
    >
      <article dir={articleDir(article, site)}>
        <SectionLink article={article} site={site} />
        <h1>{article.title}</h1>
        {article.dek ? <p class="dek">{article.dek}</p> : null}
        <BylineAndDate article={article} site={site} />
        {lead ? (
          <figure class="lead">
            <img src={lead.url} alt={lead.alt} width={lead.width} height={lead.height} />
          </figure>
        ) : null}
        <div class="body">{raw(body)}</div>
        {article.tags.length > 0 ? (
          <ul class="tags" aria-label="Tags">
            {article.tags.map((tag) => (
              <li>{tag.name}</li>
            ))}
          </ul>
        ) : null}
      </article>
      {raw(shareAssets)}
    </Layout>
  );
}
