import { type Context, Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { articlesApi } from "../admin/articles-api";
import { publishApi } from "../admin/publish-api";
import { wordpressApi } from "../admin/wordpress-api";
import { type AppEnv, siteContext } from "../articles/context";
import { oembed } from "../cards/oembed-routes";
import { cards } from "../cards/routes";
import { type EdgeDeps, edgeMode } from "../edge/proxy/proxy";
import { feeds } from "../feeds/routes";
import { sitemaps } from "../feeds/sitemap-routes";
import { NO_STORE } from "../http/cache-control";
import { errorResponse, HttpError, uncachedError } from "../http/errors";
import { errorPageResponse, pageNotFound } from "../pages/error-page";
import { MastodonForm } from "../pages/mastodon-page";
import { pages, scopePages } from "../pages/routes";
import { PublishFailures } from "../publish/failures";
import { shareRoutes } from "../share/routes";
import { ConfigError } from "../site/config";
import { API_PREFIX, ROUTES } from "../site/urls";
import { securityPolicy } from "./security-policy";

/**
 * The app's single error boundary. Client mistakes arrive as HttpError (or Hono's
 * HTTPException) and keep their 4xx, in their route's form; a configuration problem says
 * exactly what to fix; only a real bug becomes a 500, logged, without leaking internals.
 */
function answerError(err: Error, c: Context<AppEnv>): Response | Promise<Response> {
  if (err instanceof HttpError) return err.form === "page" ? errorPageResponse(c.var.site, err) : errorResponse(err);
  if (err instanceof HTTPException) {
    // Hono's own middleware (bearer auth, body limit) may carry a prepared response.
    return err.res ? uncachedError(err.res) : errorResponse(HttpError.json(err.status, err.message || "request rejected"));
  }
  if (err instanceof ConfigError) {
    console.error(err.message);
    return errorResponse(HttpError.json(500, "Herald is misconfigured", err.problems));
  }
  console.error("unhandled error", err);
  return errorResponse(HttpError.json(500, "internal error"));
}

/** What the app reaches outside the machine: the origin, in edge mode (tests pass a recorded one). */
export interface AppDeps {
  origin?: EdgeDeps;
}

export function createApp(deps: AppDeps = {}) {
  const app = new Hono<AppEnv>();
  app.use("*", siteContext());
  app.use("*", (c, next) => securityPolicy(c.var.site).middleware(c, next));

  app.get(ROUTES.health, async (c) => {
    try {
      const [published, publish] = await Promise.all([c.var.articles.countPublished(), new PublishFailures(c.env.DB).counts()]);
      // Dead-lettered jobs are work publishing gave up on: still serving, but someone should look.
      const status = publish.deadLettered > 0 ? "degraded" : "ok";
      const queue = {
        queue: c.env.PUBLISH_QUEUE ? "bound" : "absent",
        globalPurge: c.var.site.purgeZoneId !== undefined && !!c.env.PURGE_API_TOKEN,
      };
      return c.json({ status, d1: "ok", publishedArticles: published, publish: { ...queue, ...publish } }, 200, {
        "Cache-Control": NO_STORE,
      });
    } catch (err) {
      console.error("healthz: D1 unavailable", err);
      return c.json({ status: "error", d1: "unavailable" }, 503, { "Cache-Control": NO_STORE });
    }
  });
  app.route("/", articlesApi);
  app.route("/", wordpressApi);
  app.route("/", publishApi);
  app.route("/", shareRoutes({ MastodonForm }));
  app.route("/", feeds);
  app.route("/", cards);
  app.route("/", oembed);
  app.route("/", sitemaps);
  app.route("/", scopePages);
  // The API's paths are Herald's whatever the mode: an unknown one is a JSON 404.
  app.all(`${API_PREFIX}*`, (c) => {
    throw HttpError.json(404, "not found", [`no API route ${c.req.method} ${c.req.path}`]);
  });
  // Edge mode: everything above is Herald's; every other path is the origin's.
  app.use("*", edgeMode(deps.origin));
  app.route("/", pages);

  app.notFound((c) => answerError(pageNotFound(), c));
  app.onError(answerError);
  return app;
}
