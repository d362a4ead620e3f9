import type { Bindings, SiteConfig } from "../site/config";
import type { ZonePurge } from "./zone-purge";

/** What publishing reaches: D1 and the card store, the publish queue, hubs and Cloudflare's API. */
export interface PublishDeps {
  db: D1Database;
  cards: R2Bucket;
  /** The publish queue; without one (a test harness, a sample script) jobs run at once, untried again. */
  queue?: Queue;
  /** Cloudflare's purge API for the site's zone, when PURGE_ZONE_ID and PURGE_API_TOKEN are set. */
  zone?: ZonePurge;
  /** Cache API deletes a change makes at once (default LOCAL_PURGE_LIMIT); the rest go to the queue. */
  localPurgeLimit?: number;
  /** How hubs and the API are reached (tests pass recorded answers). */
  fetcher?: typeof fetch;
}

export function publishDeps(env: Bindings, site: SiteConfig, fetcher?: typeof fetch): PublishDeps {
  const zone = site.purgeZoneId && env.PURGE_API_TOKEN ? { zoneId: site.purgeZoneId, token: env.PURGE_API_TOKEN, fetcher } : undefined;
  return { db: env.DB, cards: env.CARDS, queue: env.PUBLISH_QUEUE, zone, fetcher };
}
