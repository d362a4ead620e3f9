import { type Context, Hono } from "hono";
import type { Child } from "hono/jsx";
import { DESK_ROUTES, deskArticlePath } from "../../../site/urls";
import { routeArticle } from "../desk-article";
import type { DeskDeps } from "../desk-deps";
import type { DeskEnv } from "../desk-env";
import { DeskLayout } from "../desk-layout";
import { deskMessage } from "../desk-message";
import { DailySharesChart, NetworkTotalsChart } from "./share-charts";
import { articleSharesCsv, CSV_CONTENT_TYPE, csvDisposition, siteSharesCsv } from "./share-csv";
import {
  DEFAULT_SHARE_WINDOW,
  fillShareDays,
  parseShareWindow,
  queryArticleShareCounts,
  queryShareDays,
  queryTopArticles,
  SHARE_WINDOW_DAYS,
  type ShareReport,
  type ShareWindow,
  shareWindow,
} from "./share-report";
import { ShareDayTable, TopArticlesTable } from "./share-table";

/** The site-wide page's "most shared" list. */
const TOP_ARTICLES = 20;

const withDays = (path: string, window: ShareWindow) => (window.days === DEFAULT_SHARE_WINDOW ? path : `${path}?days=${window.days}`);

/** The window the request asks for, or undefined when `?days=` is not one the desk offers. */
function requestedWindow(c: Context<DeskEnv>, now: Date): ShareWindow | undefined {
  const days = parseShareWindow(c.req.query("days"));
  return days === undefined ? undefined : shareWindow(days, now);
}

/** A wrong `?days=` is a mistake worth saying rather than silently showing another window. */
function unknownWindow(c: Context<DeskEnv>, back: string) {
  return deskMessage(c, 400, {
    title: "No such window",
    text: `Shares are shown for the last ${SHARE_WINDOW_DAYS.join(", ")} days (?days=${SHARE_WINDOW_DAYS.join(", ?days=")}); leave it out for ${DEFAULT_SHARE_WINDOW}.`,
    next: { href: back, label: `Shares for the last ${DEFAULT_SHARE_WINDOW} days` },
  });
}

function unknownArticle(c: Context<DeskEnv>) {
  return deskMessage(c, 404, { title: "No such article", text: "No article, draft or deleted one has this slug." });
}

/** The window selector (a plain GET form: no script) and the CSV of what is shown. */
function WindowChoice({ action, csv, window }: { action: string; csv: string; window: ShareWindow }) {
  return (
    <div class="share-window">
      <form class="filters" method="get" action={action}>
        <div>
          <label for="days">Window</label>
          <select id="days" name="days">
            {SHARE_WINDOW_DAYS.map((days) => (
              <option value={String(days)} selected={days === window.days}>
                {`Last ${days} days`}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">Show</button>
      </form>
      <p>
        <a href={withDays(csv, window)} download>
          {`Download these ${window.days} days as CSV`}
        </a>
      </p>
    </div>
  );
}

/**
 * The charts, then (on the site-wide page) the most shared articles, then the day-by-network
 * table, which is long; or one sentence when the window has no tap at all.
 */
function ShareFigures({ report, caption, children }: { report: ShareReport; caption: string; children?: Child }) {
  if (report.total === 0) return <p>No shares were counted in these {report.window.days} days.</p>;
  return (
    <>
      <h2>Per day</h2>
      <figure class="share-chart">
        <DailySharesChart id="shares-per-day" report={report} />
      </figure>
      <h2>Per network</h2>
      <figure class="share-chart">
        <NetworkTotalsChart id="shares-per-network" report={report} />
      </figure>
      {children}
      <h2>The numbers</h2>
      <ShareDayTable report={report} caption={caption} />
    </>
  );
}

const ABOUT = "Taps on Herald's share links, counted per UTC day, without a cookie or an IP address; today is the last day.";

/** Share counts, site-wide and per article, as charts, tables and CSV (DESK_ROUTES.shares, …). */
export function deskShareRoutes(deps: DeskDeps = {}) {
  const now = () => deps.now?.() ?? new Date();
  return new Hono<DeskEnv>()
    .get(DESK_ROUTES.shares, async (c) => {
      const window = requestedWindow(c, now());
      if (!window) return unknownWindow(c, DESK_ROUTES.shares);
      const [counts, top] = await Promise.all([queryShareDays(c.var.db, window), queryTopArticles(c.var.db, window, TOP_ARTICLES)]);
      const report = fillShareDays(window, counts);
      return c.html(
        <DeskLayout site={c.var.site} title="Shares" user={c.var.deskUser} section={DESK_ROUTES.shares}>
          <h1>Shares</h1>
          <p class="muted">{ABOUT}</p>
          <WindowChoice action={DESK_ROUTES.shares} csv={DESK_ROUTES.sharesCsv} window={window} />
          <ShareFigures report={report} caption="Shares per day and network, all articles">
            <h2>Most shared articles</h2>
            <TopArticlesTable articles={top} report={report} />
          </ShareFigures>
        </DeskLayout>,
      );
    })
    .get(DESK_ROUTES.sharesCsv, async (c) => {
      const window = requestedWindow(c, now());
      if (!window) return unknownWindow(c, DESK_ROUTES.shares);
      const body = siteSharesCsv(await queryArticleShareCounts(c.var.db, window));
      return c.body(body, 200, { "Content-Type": CSV_CONTENT_TYPE, "Content-Disposition": csvDisposition(window) });
    })
    .get(DESK_ROUTES.articleShares, async (c) => {
      const { article } = await routeArticle(c);
      if (!article) return unknownArticle(c);
      const page = deskArticlePath("articleShares", article.slug);
      const window = requestedWindow(c, now());
      if (!window) return unknownWindow(c, page);
      const report = fillShareDays(window, await queryShareDays(c.var.db, window, article.id));
      return c.html(
        <DeskLayout site={c.var.site} title={`Shares: ${article.title}`} user={c.var.deskUser}>
          <h1>Shares: {article.title}</h1>
          <p>
            <a href={deskArticlePath("article", article.slug)}>The article on the desk</a> <span class="status">{article.status}</span>
          </p>
          <p class="muted">{ABOUT}</p>
          <WindowChoice action={page} csv={deskArticlePath("articleSharesCsv", article.slug)} window={window} />
          <ShareFigures report={report} caption="Shares per day and network" />
        </DeskLayout>,
      );
    })
    .get(DESK_ROUTES.articleSharesCsv, async (c) => {
      const { article } = await routeArticle(c);
      if (!article) return unknownArticle(c);
      const window = requestedWindow(c, now());
      if (!window) return unknownWindow(c, deskArticlePath("articleShares", article.slug));
      const body = articleSharesCsv(fillShareDays(window, await queryShareDays(c.var.db, window, article.id)));
      return c.body(body, 200, { "Content-Type": CSV_CONTENT_TYPE, "Content-Disposition": csvDisposition(window, article.slug) });
    });
}
