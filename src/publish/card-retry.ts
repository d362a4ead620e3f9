import type { CardFailure } from "../cards/card-failure";
import type { Bindings, SiteConfig } from "../site/config";
import { publishDeps } from "./deps";
import { message } from "./jobs";
import { enqueue } from "./queue";

/** One retry job per card per minute from an isolate: a herd of crawlers meeting a failing card queues one. */
const RETRY_WINDOW_MS = 60_000;
const recent = new Map<string, number>();

/**
 * A card answered with a stand-in, or drawn but not kept in R2 (the card routes' onCardFailure):
 * its share card is drawn again from the publish queue, retried with backoff until it is stored.
 * The stand-in is served for 60 s only, so the next crawler after that gets the real card.
 */
export async function retryCardLater(failure: CardFailure, { env, site }: { env: Bindings; site: SiteConfig }): Promise<void> {
  // While D1 is down the render would fail too (and the version is only what the client asked for).
  if (failure.reason === "storage-unavailable") return;
  // The job names the slug only (it draws the current version), so one per slug.
  const key = failure.slug;
  const now = Date.now();
  if ((recent.get(key) ?? 0) > now - RETRY_WINDOW_MS) return;
  recent.set(key, now);
  if (recent.size > 1000) recent.delete(recent.keys().next().value ?? key);
  await enqueue(publishDeps(env, site), site, [message({ kind: "render-card", slug: failure.slug })]);
}
