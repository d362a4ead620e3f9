import type { MiddlewareHandler } from "hono";
import { NO_STORE } from "./cache-control";

/**
 * Marks every answer of the routes it guards `Cache-Control: no-store`, success and error
 * alike, set after the handler so no route can forget it. For answers that carry private
 * data (the admin API): no browser, proxy or shared cache may keep a copy.
 */
export function noStore(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    c.res.headers.set("Cache-Control", NO_STORE);
  };
}
