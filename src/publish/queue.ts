import type { SiteConfig } from "../site/config";
import type { PublishDeps } from "./deps";
import type { PublishMessage } from "./jobs";
import { runJob } from "./run-job";

/**
 * Pings wait this long after the purge before they are sent: another isolate of this data
 * centre may keep a feed in memory up to 5 s after a purge (http/edge-cache.ts HOT_TTL_MS), and
 * a hub fetches the feed within a second of a ping.
 */
export const PING_DELAY_SECONDS = 6;

/** Sends jobs to the publish queue in one call; when there is no queue, or it fails, runs them here once. */
export async function enqueue(deps: PublishDeps, site: SiteConfig, messages: PublishMessage[]): Promise<void> {
  if (messages.length === 0) return;
  if (deps.queue) {
    try {
      await deps.queue.sendBatch(
        messages.map((body) => ({ body, contentType: "json", delaySeconds: body.kind === "ping" ? PING_DELAY_SECONDS : 0 })),
      );
      return;
    } catch (err) {
      console.error("publish queue unavailable: running the jobs once, here", err);
    }
  }
  for (const job of messages) {
    try {
      await enqueue({ ...deps, queue: undefined }, site, await runJob(deps, site, job));
    } catch (err) {
      console.error(`publish job ${job.kind} failed`, err);
    }
  }
}
