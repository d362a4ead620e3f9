import type { Cursor } from "./repository";

/** Opaque, URL-safe paging token for a keyset position. */
export function encodeCursor(cursor: Cursor): string {
  return btoa(JSON.stringify([cursor.publishedAt, cursor.id]))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

/** The keyset position in a cursor, or null when the value is not one of ours. */
export function decodeCursor(value: string): Cursor | null {
  try {
    const [publishedAt, id] = JSON.parse(atob(value.replace(/-/g, "+").replace(/_/g, "/"))) as unknown[];
    if (typeof publishedAt === "string" && typeof id === "string") return { publishedAt, id };
  } catch {
    // fall through to the error below
  }
  return null;
}
