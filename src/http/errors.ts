import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { HTTPException } from "hono/http-exception";
import { ConfigError } from "../env";

export type ErrorDetail = string | { field: string; message: string };

/** An error the client can act on: rendered as `{ error, details }` with its status. */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export function jsonError(c: Context, status: ContentfulStatusCode, error: string, details: ErrorDetail[] = []) {
  return c.json({ error, details }, status, { "Cache-Control": "no-store" });
}

/**
 * The app's single error boundary. Client mistakes arrive as ApiError (or Hono's
 * HTTPException) and keep their 4xx; a configuration problem says exactly what to fix; only
 * a real bug becomes a 500, logged, without leaking internals.
 */
export function handleError(err: Error, c: Context): Response | Promise<Response> {
  if (err instanceof ApiError) return jsonError(c, err.status, err.message, err.details);
  if (err instanceof HTTPException) {
    // Hono's own middleware (bearer auth, body limit) may carry a prepared response.
    return err.res ?? jsonError(c, err.status, err.message || "request rejected");
  }
  if (err instanceof ConfigError) {
    console.error(err.message);
    return jsonError(c, 500, "Herald is misconfigured", err.problems);
  }
  console.error("unhandled error", err);
  return jsonError(c, 500, "internal error");
}
