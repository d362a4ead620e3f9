import type { ContentfulStatusCode } from "hono/utils/http-status";
import { NO_STORE } from "./cache-control";

export type ErrorDetail = string | { field: string; message: string };

/**
 * How a route family answers errors: JSON `{ error, details }` for APIs, plain text for
 * feeds, cards and other machine-read files, the site's HTML page for pages.
 */
export type ErrorForm = "json" | "text" | "page";

/**
 * An error the client can act on, thrown by any route and answered once, by the app's error
 * boundary, with its status, in its route's form, never cached.
 */
export class HttpError extends Error {
  private constructor(
    readonly status: ContentfulStatusCode,
    message: string,
    readonly form: ErrorForm,
    readonly details: ErrorDetail[],
  ) {
    super(message);
    this.name = "HttpError";
  }

  /** `{ "error": message, "details": [...] }`. */
  static json(status: ContentfulStatusCode, error: string, details: ErrorDetail[] = []): HttpError {
    return new HttpError(status, error, "json", details);
  }

  /** One line of text. */
  static text(status: ContentfulStatusCode, message: string): HttpError {
    return new HttpError(status, message, "text", []);
  }

  /** An HTML page with a heading and one sentence under it. */
  static page(status: ContentfulStatusCode, heading: string, sentence: string): HttpError {
    return new HttpError(status, heading, "page", [sentence]);
  }
}

/** An error answer made elsewhere (Hono's middleware), marked uncacheable like every error answer. */
export function uncachedError(response: Response): Response {
  response.headers.set("Cache-Control", NO_STORE);
  return response;
}

/** The JSON or text answer to an error (a page needs the site's layout: the app renders it). */
export function errorResponse(error: HttpError): Response {
  const headers = { "Cache-Control": NO_STORE };
  if (error.form === "json") return Response.json({ error: error.message, details: error.details }, { status: error.status, headers });
  return new Response(`${error.message}\n`, { status: error.status, headers: { ...headers, "Content-Type": "text/plain; charset=UTF-8" } });
}
