import { Hono } from "hono";
import { shareTotalsOf } from "../../../share/counts";
import { DESK_ROUTES } from "../../../site/urls";
import type { DeskEnv } from "../desk-env";
import { DeskLayout } from "../desk-layout";
import { ArticleList, type ArticleListQuery, STATUS_CHOICES } from "./article-list";

const PAGE_SIZE = 50;
/** Deep pages by offset are fine for a newsroom's archive on the desk (a few thousand rows at most are skipped). */
const MAX_PAGE = 1000;

/** The list's filters from the query string; anything unknown falls back to "any" rather than failing. */
function listQuery(params: Record<string, string>): ArticleListQuery {
  const status = STATUS_CHOICES.find((choice) => choice.value === params.status)?.value ?? "any";
  const page = Number.parseInt(params.page ?? "1", 10);
  return {
    status,
    section: params.section?.trim() || undefined,
    q: params.q?.trim().slice(0, 200) || undefined,
    page: Number.isInteger(page) && page >= 1 && page <= MAX_PAGE ? page : 1,
  };
}

export const deskArticleListRoutes = new Hono<DeskEnv>().get(DESK_ROUTES.home, async (c) => {
  const query = listQuery(c.req.query());
  const [list, sections] = await Promise.all([
    c.var.articles.list({
      status: query.status,
      sectionSlug: query.section,
      titleContains: query.q,
      limit: PAGE_SIZE,
      offset: (query.page - 1) * PAGE_SIZE,
    }),
    c.var.articles.sections(),
  ]);
  const shares = await shareTotalsOf(
    c.var.db,
    list.articles.map((article) => article.id),
  );
  return c.html(
    <DeskLayout site={c.var.site} title="Articles" user={c.var.deskUser} section={DESK_ROUTES.home}>
      <ArticleList query={query} articles={list.articles} sections={sections} shares={shares} hasNext={list.next !== undefined} />
    </DeskLayout>,
  );
});
