import { Hono } from "hono";
import { articlesApi } from "./articles/api";
import { ArticleRepository } from "./articles/repository";
import { oembed } from "./cards/oembed";
import { cards } from "./cards/routes";
import { siteConfig, type AppEnv } from "./env";
import { feeds } from "./feeds/routes";
import { sitemaps } from "./feeds/sitemaps";
import { handleError, jsonError } from "./http/errors";
import { answerFromMemory } from "./http/hot-path";
import { securityHeaders } from "./http/security-headers";
import { notFoundPage, pages } from "./pages/routes";
import { shares } from "./share/routes";

export function createApp() {
  const app = new Hono<AppEnv>();

  // Parse configuration first: a bad SITE_URL is a clear 500 on every route, never a wrong URL.
  app.use("*", async (c, next) => {
    c.set("site", siteConfig(c.env));
    await next();
  });
  app.use("*", securityHeaders());

  app.get("/healthz", async (c) => {
    try {
      const published = await new ArticleRepository(c.env.DB, c.var.site.url).countPublished();
      return c.json({ status: "ok", d1: "ok", publishedArticles: published }, 200, { "Cache-Control": "no-store" });
    } catch (err) {
      console.error("healthz: D1 unavailable", err);
      return c.json({ status: "error", d1: "unavailable" }, 503, { "Cache-Control": "no-store" });
    }
  });
  // Public share totals are registered before the admin API, which needs the token.
  app.route("/", shares);
  app.route("/api/articles", articlesApi);
  app.route("/", feeds);
  app.route("/", cards);
  app.route("/", oembed);
  app.route("/", sitemaps);
  app.route("/", pages);

  app.notFound((c) =>
    c.req.path.startsWith("/api/") ? jsonError(c, 404, "not found", [`no API route ${c.req.method} ${c.req.path}`]) : notFoundPage(c),
  );
  app.onError(handleError);
  return app;
}

const app = createApp();

export default {
  fetch(request, env, ctx) {
    return answerFromMemory(request, env) ?? app.fetch(request, env, ctx);
  },
} satisfies ExportedHandler<AppEnv["Bindings"]>;
