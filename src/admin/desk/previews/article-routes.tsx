import { Hono } from "hono";
import type { DeskDeps } from "../desk-deps";
import type { DeskEnv } from "../desk-env";

/** One article on the desk: its share previews and lint (DESK_ROUTES.article, .articleCard). */
export function deskArticleRoutes(_deps: DeskDeps = {}) {
  return new Hono<DeskEnv>();
}
