import type { MiddlewareHandler } from "hono";
import { guardD1, type StorageGuardOptions } from "../http/storage-guard";
import { type Bindings, type SiteConfig, siteConfig } from "../site/config";
import { ArticleRepository } from "./repository";

/** The Hono environment every route shares. */
export type AppEnv = {
  Bindings: Bindings;
  Variables: {
    site: SiteConfig;
    /**
     * The D1 binding held to a deadline, its outages raised as StorageUnavailable: every route
     * reaches D1 through this, never through `c.env.DB`.
     */
    db: D1Database;
    /** The article store, built once per request for the configured site. */
    articles: ArticleRepository;
  };
};

/**
 * Puts the site configuration and the article store in the context, first: a bad SITE_URL is
 * then a clear error on every route, never a wrong URL.
 */
export function siteContext(storage: StorageGuardOptions = {}): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const site = siteConfig(c.env);
    const db = guardD1(c.env.DB, storage);
    c.set("site", site);
    c.set("db", db);
    c.set("articles", new ArticleRepository(db, site.url));
    await next();
  };
}
