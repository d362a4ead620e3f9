import { Hono } from "hono";
import type { AppEnv } from "../articles/context";
import { syncWordPress } from "../edge/wordpress/sync";
import { requireAdmin } from "../http/admin-auth";
import { HttpError } from "../http/errors";
import { noStore } from "../http/no-store";
import { publishDeps } from "../publish/deps";
import { ROUTES } from "../site/urls";

/**
 * `POST /api/wordpress/sync` (bearer ADMIN_TOKEN): runs the WordPress REST sync now, for a
 * publish hook on the WordPress side, and answers what it did. 200 with the summary; 502 with
 * it when WordPress failed (nothing half-written; the next run retries); 409 when WP_ORIGIN is
 * not set or another run (the cron) holds the sync.
 */
export const wordpressApi = new Hono<AppEnv>()
  .use(ROUTES.wordpressSync, noStore(), requireAdmin())
  .post(ROUTES.wordpressSync, async (c) => {
    const site = c.var.site;
    if (!site.wordpressUrl) {
      throw HttpError.json(409, "WordPress sync is not configured", [
        "set WP_ORIGIN to the WordPress site's base URL, under which /wp-json/ lives",
      ]);
    }
    const outcome = await syncWordPress(
      { db: c.var.db, publish: publishDeps(c.env, site), waitUntil: (promise) => c.executionCtx.waitUntil(promise) },
      site,
    );
    if (!outcome.ran) {
      throw HttpError.json(409, "WordPress sync already running", [
        `${outcome.reason}; it, or the next scheduled run, picks up this change`,
      ]);
    }
    return c.json(outcome.summary, outcome.summary.error ? 502 : 200);
  });
