import type { MiddlewareHandler } from "hono";
import { type Bindings, type SiteConfig, siteConfig } from "../site/config";
import { ArticleRepository } from "./repository";

/** The Hono environment every route shares. */
export type AppEnv = {
  Bindings: Bindings;
  Variables: {
    site: SiteConfig;
    /** The article store, built once per request for the configured site. */
    articles: ArticleRepository;
  };
};

/**
 * Puts the site configuration and the article store in the context, first: a bad SITE_URL is
 * then a clear error on every route, never a wrong URL.
 */
export function siteContext(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const site = siteConfig(c.env);
    c.set("site", site);
    c.set("articles", new ArticleRepository(c.env.DB, site.url));
    await next();
  };
}
