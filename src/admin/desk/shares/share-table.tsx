import { deskArticlePath } from "../../../site/urls";
import { formatDay, formatDayRange, type ShareReport, type TopArticle } from "./share-report";

/**
 * The charts' numbers as a table, day by network, with a total for each day (last column) and
 * each network (last row). It scrolls sideways inside a focusable region when many networks
 * make it wider than the page, so a keyboard can scroll it too.
 */
export function ShareDayTable({ report, caption }: { report: ShareReport; caption: string }) {
  return (
    <section class="table-scroll" aria-label={caption} tabindex={0}>
      <table class="share-days">
        <caption>{`${caption}, ${formatDayRange(report.window.from, report.window.to)} (UTC days)`}</caption>
        <thead>
          <tr>
            <th scope="col">Day</th>
            {report.networks.map((network) => (
              <th scope="col" class="num">
                {network.label}
              </th>
            ))}
            <th scope="col" class="num">
              Total
            </th>
          </tr>
        </thead>
        <tbody>
          {report.window.dates.map((day, index) => (
            <tr>
              <th scope="row">
                <time datetime={day}>{formatDay(day, true)}</time>
              </th>
              {report.networks.map((network) => (
                <td class="num">{network.perDay[index] ?? 0}</td>
              ))}
              <td class="num">{report.dayTotals[index] ?? 0}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Total</th>
            {report.networks.map((network) => (
              <td class="num">{network.total}</td>
            ))}
            <td class="num">{report.total}</td>
          </tr>
        </tfoot>
      </table>
    </section>
  );
}

/** The most shared articles of the window, each linking to its desk page. */
export function TopArticlesTable({ articles, report }: { articles: TopArticle[]; report: ShareReport }) {
  if (articles.length === 0) return <p>No article was shared in these {report.window.days} days.</p>;
  return (
    <table class="top-articles">
      <caption>{`Most shared articles, ${formatDayRange(report.window.from, report.window.to)}`}</caption>
      <thead>
        <tr>
          <th scope="col">Headline</th>
          <th scope="col">Status</th>
          <th scope="col" class="num">
            Shares
          </th>
        </tr>
      </thead>
      <tbody>
        {articles.map((article) => (
          <tr>
            <th scope="row">
              <a href={deskArticlePath("article", article.slug)}>{article.title}</a>
            </th>
            <td>
              <span class="status">{article.status}</span>
            </td>
            <td class="num">
              <a href={deskArticlePath("articleShares", article.slug)} aria-label={`${article.shares} shares of ${article.title}, by day`}>
                {article.shares}
              </a>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
