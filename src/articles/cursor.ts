import { ApiError } from "../http/errors";
import type { Cursor } from "./repository";

/** Opaque, URL-safe paging token for a keyset position. */
export function encodeCursor(cursor: Cursor): string {
  return btoa(JSON.stringify([cursor.publishedAt, cursor.id])).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function decodeCursor(value: string): Cursor {
  try {
    const [publishedAt, id] = JSON.parse(atob(value.replace(/-/g, "+").replace(/_/g, "/"))) as unknown[];
    if (typeof publishedAt === "string" && typeof id === "string") return { publishedAt, id };
  } catch {
    // fall through to the error below
  }
  throw new ApiError(400, "invalid cursor", ["pass the cursor of a previous page unchanged"]);
}
