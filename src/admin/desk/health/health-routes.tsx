import { Hono } from "hono";
import type { DeskDeps } from "../desk-deps";
import type { DeskEnv } from "../desk-env";

/** Feeds and publishing health, and the publishing actions on one article (DESK_ROUTES.health, …). */
export function deskHealthRoutes(_deps: DeskDeps = {}) {
  return new Hono<DeskEnv>();
}
