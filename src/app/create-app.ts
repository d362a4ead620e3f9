import { type Context, Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { routePath } from "hono/route";
import { articlesApi } from "../admin/articles-api";
import type { DeskDeps } from "../admin/desk/desk-deps";
import { deskRoutes } from "../admin/desk/desk-routes";
import { publishApi } from "../admin/publish-api";
import { wordpressApi } from "../admin/wordpress-api";
import { type AppEnv, siteContext } from "../articles/context";
import { oembed } from "../cards/oembed-routes";
import { type CardRouteDeps, cardRoutes } from "../cards/routes";
import { type EdgeDeps, edgeMode } from "../edge/proxy/proxy";
import { feeds } from "../feeds/routes";
import { sitemaps } from "../feeds/sitemap-routes";
import { NO_STORE } from "../http/cache-control";
import { type ErrorForm, errorResponse, HttpError, uncachedError } from "../http/errors";
import { STORAGE_RETRY_AFTER_SECONDS, type StorageGuardOptions, StorageUnavailable } from "../http/storage-guard";
import { errorPageResponse, pageNotFound } from "../pages/error-page";
import { MastodonForm } from "../pages/mastodon-page";
import { pages, scopePages } from "../pages/routes";
import { retryCardLater } from "../publish/card-retry";
import { publishDeps } from "../publish/deps";
import { PublishFailures } from "../publish/failures";
import { shareRoutes } from "../share/routes";
import { ConfigError } from "../site/config";
import { API_PREFIX, FEED_FORMATS, ROUTES } from "../site/urls";
import { securityPolicy } from "./security-policy";

/** Routes read by machines (feeds, sitemaps, cards, share redirects): an outage there is one line of text. */
const TEXT_ROUTES: ReadonlySet<string> = new Set([
  ...FEED_FORMATS.flatMap((format) => [ROUTES.siteFeed(format), ROUTES.scopeFeed("author", format), ROUTES.scopeFeed("category", format)]),
  ROUTES.sitemap,
  ROUTES.sitemapPage,
  ROUTES.newsSitemap,
  ROUTES.card,
  ROUTES.siteCard,
  ROUTES.share,
]);

/** The error form of the route that failed: JSON for the API and oEmbed, text for machine-read files, else the HTML page. */
function errorFormOf(c: Context<AppEnv>): ErrorForm {
  const pattern = routePath(c);
  if (c.req.path.startsWith(API_PREFIX) || pattern === ROUTES.oembed) return "json";
  return TEXT_ROUTES.has(pattern) ? "text" : "page";
}

/**
 * 503 with Retry-After in the failing route's form, never cached. A write may have reached D1
 * just before the deadline, so the client is told that resending is safe (every write is
 * idempotent: the same PUT finds its content stored, a second DELETE finds the tombstone).
 */
async function answerOutage(err: StorageUnavailable, c: Context<AppEnv>): Promise<Response> {
  console.error(`storage outage on ${c.req.method} ${c.req.path}: ${err.message}`);
  const wait = `try again in ${STORAGE_RETRY_AFTER_SECONDS} seconds`;
  const reading = c.req.method === "GET" || c.req.method === "HEAD";
  const forms: Record<ErrorForm, () => Response | Promise<Response>> = {
    json: () =>
      errorResponse(
        HttpError.json(503, "storage unavailable", [
          `the article store did not answer; ${wait}`,
          ...(reading
            ? []
            : ["the change may not be stored: sending the same request again is safe, it completes the change or finds it done"]),
        ]),
      ),
    text: () => errorResponse(HttpError.text(503, `storage unavailable; ${wait}`)),
    page: () =>
      errorPageResponse(
        c.var.site,
        HttpError.page(503, "Temporarily unavailable", "The news is out of reach for a moment. Please try again in a minute."),
      ),
  };
  const response = await forms[errorFormOf(c)]();
  response.headers.set("Retry-After", String(STORAGE_RETRY_AFTER_SECONDS));
  return response;
}

/**
 * The app's single error boundary. Client mistakes arrive as HttpError (or Hono's
 * HTTPException) and keep their 4xx, in their route's form; a configuration problem says
 * exactly what to fix; storage that cannot answer is a 503 to retry; only a real bug becomes a
 * 500, logged, without leaking internals.
 */
function answerError(err: Error, c: Context<AppEnv>): Response | Promise<Response> {
  if (err instanceof StorageUnavailable) return answerOutage(err, c);
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
  /** How long a D1 call may take before it counts as unavailable (tests shorten it). */
  storage?: StorageGuardOptions;
  /** The card renderer (tests pass a failing one) and the hook told of cards not drawn or not stored. */
  cards?: CardRouteDeps;
  /** What the editor's desk reaches: Access's keys, lead images, hubs; and its clock. */
  desk?: DeskDeps;
}

export function createApp(deps: AppDeps = {}) {
  const app = new Hono<AppEnv>();
  app.use("*", siteContext(deps.storage));
  app.use("*", (c, next) => securityPolicy(c.var.site).middleware(c, next));

  app.get(ROUTES.health, async (c) => {
    try {
      const [published, publish] = await Promise.all([c.var.articles.countPublished(), new PublishFailures(c.var.db).counts()]);
      // Dead-lettered jobs are work publishing gave up on: still serving, but someone should look.
      const status = publish.deadLettered > 0 ? "degraded" : "ok";
      const queue = {
        queue: c.env.PUBLISH_QUEUE ? "bound" : "absent",
        globalPurge: publishDeps(c.env, c.var.site).zone !== undefined,
      };
      return c.json({ status, d1: "ok", publishedArticles: published, publish: { ...queue, ...publish } }, 200, {
        "Cache-Control": NO_STORE,
      });
    } catch (err) {
      // Any failure, an outage or a missing migration: the check's job is to say D1 is not serving.
      console.error("healthz: D1 unavailable", err);
      return c.json({ status: "error", d1: "unavailable" }, 503, {
        "Cache-Control": NO_STORE,
        "Retry-After": String(STORAGE_RETRY_AFTER_SECONDS),
      });
    }
  });
  app.route("/", articlesApi);
  app.route("/", wordpressApi);
  app.route("/", publishApi);
  app.route("/", deskRoutes(deps.desk));
  app.route("/", shareRoutes({ MastodonForm }));
  app.route("/", feeds);
  app.route("/", cardRoutes({ onCardFailure: retryCardLater, ...deps.cards }));
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
