import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { type ErrorForm, HttpError } from "./errors";

/**
 * Rejects bodies over `maxBytes` with 413, whether or not Content-Length is declared, in the
 * error form of the routes it guards (a public form post answers text, not the API's JSON).
 */
export function limitBody(maxBytes: number, form: Exclude<ErrorForm, "page"> = "json"): MiddlewareHandler {
  const tooLarge =
    form === "json"
      ? () => HttpError.json(413, "request body too large", [`the limit is ${maxBytes} bytes`])
      : () => HttpError.text(413, `request body too large: the limit is ${maxBytes} bytes`);
  return bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw tooLarge();
    },
  });
}

/** Reads a JSON request body: 415 unless it is declared JSON, 400 if it does not parse. */
export async function readJsonBody(c: Context): Promise<unknown> {
  const type = c.req.header("Content-Type") ?? "";
  if (!/^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(type)) {
    throw HttpError.json(415, "request body must be JSON", [
      `send Content-Type: application/json (got ${type ? JSON.stringify(type) : "none"})`,
    ]);
  }
  const text = await c.req.text();
  try {
    return JSON.parse(text);
  } catch (err) {
    throw HttpError.json(400, "malformed JSON", [(err as Error).message]);
  }
}
