import { ArticleRepository } from "../articles/repository";
import { articleCard } from "../cards/cards";
import { purgeEdgeCache, withStaleCopies } from "../http/edge-cache";
import type { SiteConfig } from "../site/config";
import type { PublishDeps } from "./deps";
import { pingAndRecord } from "./hub-pings";
import { message, type PublishJob, type PublishMessage } from "./jobs";
import { pingHub } from "./websub";
import { purgeZoneUrls } from "./zone-purge";

/** Purges URLs (and their stale copies) everywhere (the API) when a zone is configured, else in this data centre. */
export async function purgeUrls(deps: PublishDeps, urls: string[]): Promise<void> {
  if (urls.length === 0) return;
  if (deps.zone) await purgeZoneUrls(deps.zone, withStaleCopies(urls));
  else await purgeEdgeCache(urls);
}

/**
 * Does one job, or throws so that the queue retries it, and returns the jobs that follow it
 * (a purge's pings). Every job can run twice: a purge or a ping repeated is harmless, a card
 * already in R2 is not drawn again, an absent key is not an error to delete.
 */
export async function runJob(deps: PublishDeps, site: SiteConfig, job: PublishJob): Promise<PublishMessage[]> {
  switch (job.kind) {
    case "purge":
      await purgeUrls(deps, job.urls);
      return job.pingsAfter.map(message);
    case "ping":
      await pingAndRecord(deps.db, job, () => pingHub(job.hub, job.topics, deps.fetcher));
      return [];
    case "drop-cards":
      await deps.cards.delete(job.keys);
      return [];
    case "render-card": {
      // The article as it is now: a later edit or an unpublish since the job was sent wins.
      const article = await new ArticleRepository(deps.db, site.url).getBySlug(job.slug);
      if (article?.status !== "published") return [];
      const card = await articleCard(deps.cards, article, site);
      // Drawn without its lead photo because the photo's host failed, or R2 did not take it: try again later.
      if (!card.final) throw new Error(`card for ${job.slug} drawn without its lead photo (its host did not answer); not stored`);
      if (!card.stored) throw new Error(`card for ${job.slug} drawn but R2 did not store it`);
      return [];
    }
  }
}
