import { type Context, Hono } from "hono";
import type { Article } from "../../../articles/model";
import { isSlug } from "../../../articles/slug";
import { articleCardFormat, articleCardImages, defaultCardUrl } from "../../../cards/cards";
import { articleSocialMeta } from "../../../cards/social-meta";
import { DESK_ROUTES, deskArticlePath } from "../../../site/urls";
import { routeArticle } from "../desk-article";
import type { DeskDeps } from "../desk-deps";
import type { DeskEnv } from "../desk-env";
import { DeskLayout } from "../desk-layout";
import { deskMessage } from "../desk-message";
import { When } from "../desk-time";
import { actionReport } from "../health/health-actions";
import { ArticleActions } from "../health/health-page";
import { lintArticle } from "../lint/lint";
import { cardFacts, currentCard, leadPhotoFacts } from "../lint/lint-facts";
import { LintView } from "../lint/lint-view";
import { sharePreviews } from "./preview";
import { SharePreviews } from "./share-previews";

type Found = { article: Article } | { response: Response };

/** The article of the route's slug, any status; a renamed one's old slug leads to its new page; else a 404 desk page. */
async function findArticle(c: Context<DeskEnv>, route: "article" | "articleCard"): Promise<Found> {
  const { slug, article } = await routeArticle(c);
  if (article) return { article };
  const renamed = isSlug(slug) ? await c.var.articles.findRenamedSlug(slug) : undefined;
  if (renamed) return { response: c.redirect(deskArticlePath(route, renamed.slug), 301) };
  return {
    response: await deskMessage(c, 404, { title: "No such article", text: "No article, draft or deleted one has this address." }),
  };
}

function ArticleFacts({ article }: { article: Article }) {
  return (
    <>
      <dl class="article-facts">
        <dt>Status</dt>
        <dd>
          <span class="status">{article.status}</span>
        </dd>
        <dt>Updated</dt>
        <dd>
          <When iso={article.updatedAt} />
        </dd>
        <dt>Section</dt>
        <dd>{article.section?.name ?? "—"}</dd>
        <dt>Canonical</dt>
        <dd>
          <a href={article.canonicalUrl}>{article.canonicalUrl}</a>
        </dd>
      </dl>
      <ul>
        <li>
          <a href={deskArticlePath("articleShares", article.slug)}>Shares of this article</a>
        </li>
        <li>
          <a href={DESK_ROUTES.health}>Publishing health</a>
        </li>
      </ul>
    </>
  );
}

/** One article on the desk: its share previews and lint (DESK_ROUTES.article, .articleCard). */
export function deskArticleRoutes(deps: DeskDeps = {}) {
  return new Hono<DeskEnv>()
    .get(DESK_ROUTES.articleCard, async (c) => {
      const found = await findArticle(c, "articleCard");
      if ("response" in found) return found.response;
      const { article } = found;
      const card = await currentCard(c.env.CARDS, article, c.var.site, deps.fetcher);
      if ("failed" in card) {
        return deskMessage(c, 503, { title: "Card not drawn", text: "The share card could not be drawn just now; try again." });
      }
      // The desk's middleware marks it no-store: a draft's card must not sit in any cache.
      return new Response(card.bytes, {
        headers: { "Content-Type": articleCardFormat(article, c.var.site), "Content-Length": String(card.bytes.byteLength) },
      });
    })
    .get(DESK_ROUTES.article, async (c) => {
      const found = await findArticle(c, "article");
      if ("response" in found) return found.response;
      const { article } = found;
      const { site, articles } = c.var;
      // The same tags the public page emits, so the previews show what platforms would read.
      const images = await articleCardImages(site, article);
      const social = articleSocialMeta(article, site, images, site.iconUrl ?? (await defaultCardUrl(site)));
      // The photo's facts first: a card drawn now fetches it too, and both are told the same.
      const [leadPhoto, ingestWarnings, done] = await Promise.all([
        leadPhotoFacts(article, site, deps.fetcher),
        articles.ingestWarnings(article.id),
        actionReport(c),
      ]);
      const card = await currentCard(c.env.CARDS, article, site, deps.fetcher);
      const findings = lintArticle({ article, site, tags: social.tags, card: cardFacts(card, leadPhoto), ingestWarnings, leadPhoto });
      const previews = sharePreviews({ tags: social.tags, site, cardUrl: deskArticlePath("articleCard", article.slug) });
      return c.html(
        <DeskLayout site={site} title={article.title} user={c.var.deskUser} section={DESK_ROUTES.home}>
          <h1>{article.title}</h1>
          {done ? (
            <p class="flash" role="status">
              {done}
            </p>
          ) : null}
          <ArticleFacts article={article} />
          <LintView findings={findings} />
          <SharePreviews previews={previews} />
          <section aria-labelledby="actions-heading" class="article-actions">
            <h2 id="actions-heading">Publishing</h2>
            <p class="muted">
              What an edit of this article sets off, again: for a card drawn wrong, a cache that kept an old copy, a hub that missed a ping.
            </p>
            <ArticleActions article={article} user={c.var.deskUser} back="article" />
          </section>
        </DeskLayout>,
      );
    });
}
