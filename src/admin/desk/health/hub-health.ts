import { type PublishFailure, PublishFailures } from "../../../publish/failures";
import { type HubPing, HubPings } from "../../../publish/hub-pings";
import type { SiteConfig } from "../../../site/config";

/** Failed publish jobs listed on the page; the admin API lists them all. */
export const LISTED_FAILURES = 5;

export interface HubHealth {
  hub: string;
  /** Undefined for a hub never pinged (since hub_pings was created). */
  lastPing?: HubPing;
}

export interface PublishingHealth {
  hubs: HubHealth[];
  failures: { retrying: number; deadLettered: number; latest: PublishFailure[] };
}

/** Every configured hub with its last ping, and the publish queue's failed jobs. */
export async function publishingHealth(db: D1Database, site: SiteConfig): Promise<PublishingHealth> {
  const failures = new PublishFailures(db);
  const [pings, counts, latest] = await Promise.all([new HubPings(db).all(), failures.counts(), failures.list(LISTED_FAILURES)]);
  return {
    // Only the hubs configured now: a hub since removed is no longer pinged, whatever its record says.
    hubs: site.websubHubs.map((hub) => ({ hub, lastPing: pings.get(hub) })),
    failures: { ...counts, latest },
  };
}
