import type { Context } from "hono";
import type { Article } from "../../articles/model";
import { isSlug } from "../../articles/slug";
import { slugFromParam } from "../../site/urls";
import type { DeskEnv } from "./desk-env";

/**
 * The article a desk route's `:slug` names, in any status (the desk shows drafts and deleted
 * articles too), with the slug as read; no article for a slug that is not one.
 */
export async function routeArticle(c: Context<DeskEnv>): Promise<{ slug: string; article?: Article }> {
  const slug = slugFromParam(c.req.param("slug") ?? "");
  return { slug, article: isSlug(slug) ? await c.var.articles.getBySlug(slug) : undefined };
}
