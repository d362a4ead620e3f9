import { Hono } from "hono";
import { DESK_ROUTES } from "../../../site/urls";
import type { DeskDeps } from "../desk-deps";
import type { DeskEnv } from "../desk-env";
import { DeskLayout } from "../desk-layout";
import { cardHealth } from "./card-health";
import { feedHealth } from "./feed-health";
import { actionReport, healthActionHandler } from "./health-actions";
import { HealthPage } from "./health-page";
import { publishingHealth } from "./hub-health";

/** Feeds and publishing health, and the publishing actions on one article (DESK_ROUTES.health, …). */
export function deskHealthRoutes(deps: DeskDeps = {}) {
  return new Hono<DeskEnv>()
    .get(DESK_ROUTES.health, async (c) => {
      const { site, articles, db } = c.var;
      const [feeds, publishing, cards, done] = await Promise.all([
        feedHealth(articles, site),
        publishingHealth(db, site),
        cardHealth(articles, c.env.CARDS, site),
        actionReport(c),
      ]);
      return c.html(
        <DeskLayout site={site} title="Publishing health" user={c.var.deskUser} section={DESK_ROUTES.health}>
          <HealthPage feeds={feeds} publishing={publishing} cards={cards} user={c.var.deskUser} done={done} />
        </DeskLayout>,
      );
    })
    .post(DESK_ROUTES.articleRerenderCard, healthActionHandler("articleRerenderCard", deps))
    .post(DESK_ROUTES.articlePurge, healthActionHandler("articlePurge", deps))
    .post(DESK_ROUTES.articleReannounce, healthActionHandler("articleReannounce", deps));
}
