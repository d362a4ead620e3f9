/** The Cache-Control values more than one route answers with, each spelled once. */

/** Errors, health checks, share links: the next request must ask again. */
export const NO_STORE = "no-store";

/**
 * Answers kept at the edge and purged when their article changes (feeds, article pages):
 * readers poll often, so a minute fresh, then served stale while revalidating, or for a day
 * if the origin fails.
 */
export const PURGED_ON_CHANGE = "public, max-age=60, stale-while-revalidate=300, stale-if-error=86400";
