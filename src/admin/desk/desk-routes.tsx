import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { noStore } from "../../http/no-store";
import { DESK_PREFIX, DESK_ROUTES } from "../../site/urls";
import { deskArticleListRoutes } from "./articles/article-list-routes";
import { requireDeskUser } from "./auth/desk-auth";
import { signInRoutes } from "./auth/sign-in-routes";
import type { DeskDeps } from "./desk-deps";
import type { DeskEnv } from "./desk-env";
import { deskMessage } from "./desk-message";
import { deskHealthRoutes } from "./health/health-routes";
import { deskArticleRoutes } from "./previews/article-routes";
import { deskShareRoutes } from "./shares/share-routes";

/** A desk form is a token or a few buttons: anything bigger is not one of them. */
const DESK_FORM_MAX_BYTES = 16 * 1024;

/**
 * The editor's desk, for the publisher's staff: sign-in, the article list, each article's
 * share previews and lint, share counts, publishing health. Nothing under /desk/ is stored by
 * any cache or shown by any search engine.
 */
export function deskRoutes(deps: DeskDeps = {}) {
  const desk = new Hono<DeskEnv>();
  desk.use(`${DESK_PREFIX}*`, noStore(), async (c, next) => {
    await next();
    c.res.headers.set("X-Robots-Tag", "noindex, nofollow");
  });
  desk.use(
    `${DESK_PREFIX}*`,
    bodyLimit({
      maxSize: DESK_FORM_MAX_BYTES,
      onError: (c) =>
        deskMessage(c, 413, {
          title: "Form too large",
          text: `A desk form is at most ${DESK_FORM_MAX_BYTES / 1024} KB; nothing was changed.`,
        }),
    }),
  );
  desk.get("/desk", (c) => c.redirect(DESK_ROUTES.home, 301));
  desk.route("/", signInRoutes(deps));
  desk.use(`${DESK_PREFIX}*`, requireDeskUser(deps));
  desk.route("/", deskArticleListRoutes);
  desk.route("/", deskArticleRoutes(deps));
  desk.route("/", deskShareRoutes(deps));
  desk.route("/", deskHealthRoutes(deps));
  // Every other path under /desk/ is the desk's own 404: never the app's fallback, which in
  // edge mode would pass the request (with the session cookie) on to the origin.
  desk.all(`${DESK_PREFIX}*`, (c) => deskMessage(c, 404, { title: "Not found", text: "The desk has no such page." }));
  return desk;
}
