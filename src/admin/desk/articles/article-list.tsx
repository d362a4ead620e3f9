import type { Article, ArticleStatus, Term } from "../../../articles/model";
import { DESK_ROUTES, deskArticlePath } from "../../../site/urls";
import { When } from "../desk-time";

/** The list's filters, as the form sends them (`?status=&section=&q=`). */
export interface ArticleListQuery {
  status: ArticleStatus | "any";
  section?: string;
  q?: string;
  page: number;
}

export const STATUS_CHOICES: { value: ArticleListQuery["status"]; label: string }[] = [
  { value: "any", label: "Any status" },
  { value: "published", label: "Published" },
  { value: "draft", label: "Draft" },
  { value: "deleted", label: "Deleted" },
];

export interface ArticleListProps {
  query: ArticleListQuery;
  articles: Article[];
  sections: Term[];
  shares: Map<string, number>;
  hasNext: boolean;
}

function pageHref(query: ArticleListQuery, page: number): string {
  const params = new URLSearchParams();
  if (query.status !== "any") params.set("status", query.status);
  if (query.section) params.set("section", query.section);
  if (query.q) params.set("q", query.q);
  if (page > 1) params.set("page", String(page));
  const search = params.toString();
  return search ? `${DESK_ROUTES.home}?${search}` : DESK_ROUTES.home;
}

/** Every article, drafts included: filter by status and section, search by headline. */
export function ArticleList({ query, articles, sections, shares, hasNext }: ArticleListProps) {
  return (
    <>
      <h1>Articles</h1>
      <search>
        <form class="filters" method="get" action={DESK_ROUTES.home}>
          <div>
            <label for="q">Headline contains</label>
            <input type="search" id="q" name="q" value={query.q ?? ""} />
          </div>
          <div>
            <label for="status">Status</label>
            <select id="status" name="status">
              {STATUS_CHOICES.map((choice) => (
                <option value={choice.value} selected={choice.value === query.status}>
                  {choice.label}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label for="section">Section</label>
            <select id="section" name="section">
              <option value="">Any section</option>
              {sections.map((section) => (
                <option value={section.slug} selected={section.slug === query.section}>
                  {section.name}
                </option>
              ))}
            </select>
          </div>
          <button type="submit">Filter</button>
        </form>
      </search>
      {articles.length === 0 ? (
        <p>No article matches these filters.</p>
      ) : (
        <table>
          <caption class="muted">Newest first. Shares are taps on Herald's share links, counted without cookies.</caption>
          <thead>
            <tr>
              <th scope="col">Headline</th>
              <th scope="col">Status</th>
              <th scope="col">Updated</th>
              <th scope="col">Section</th>
              <th scope="col" class="num">
                Shares (all time)
              </th>
            </tr>
          </thead>
          <tbody>
            {articles.map((article) => (
              <tr>
                <td>
                  <a href={deskArticlePath("article", article.slug)}>{article.title}</a>
                </td>
                <td>
                  <span class="status">{article.status}</span>
                </td>
                <td>
                  <When iso={article.updatedAt} />
                </td>
                <td>{article.section?.name ?? "—"}</td>
                <td class="num">
                  <a
                    href={deskArticlePath("articleShares", article.slug)}
                    aria-label={`${shares.get(article.id) ?? 0} shares of ${article.title}`}
                  >
                    {shares.get(article.id) ?? 0}
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <nav aria-label="Pages">
        {query.page > 1 ? <a href={pageHref(query, query.page - 1)}>Newer articles</a> : null}{" "}
        {hasNext ? <a href={pageHref(query, query.page + 1)}>Older articles</a> : null}
      </nav>
    </>
  );
}
