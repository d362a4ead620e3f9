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

/** Sends jobs to the publish queue in one call; throws when there is no queue or it fails. */
export async function sendJobs(deps: PublishDeps, messages: PublishMessage[]): Promise<void> {
  if (messages.length === 0) return;
  if (!deps.queue) throw new Error("no publish queue is bound (PUBLISH_QUEUE)");
  await deps.queue.sendBatch(
    messages.map((body) => ({ body, contentType: "json", delaySeconds: body.kind === "ping" ? PING_DELAY_SECONDS : 0 })),
  );
}

/**
 * What a write sets off, to the queue; when there is none (a benchmark harness) or it fails,
 * the jobs run here once, with no retry: better late and once than never.
 */
export async function enqueue(deps: PublishDeps, site: SiteConfig, messages: PublishMessage[]): Promise<void> {
  if (messages.length === 0) return;
  if (deps.queue) {
    try {
      await sendJobs(deps, messages);
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
