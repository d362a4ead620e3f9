import { Hono } from "hono";
import type { DeskDeps } from "../desk-deps";
import type { DeskEnv } from "../desk-env";

/** Share counts, site-wide and per article, as charts, tables and CSV (DESK_ROUTES.shares, …). */
export function deskShareRoutes(_deps: DeskDeps = {}) {
  return new Hono<DeskEnv>();
}
