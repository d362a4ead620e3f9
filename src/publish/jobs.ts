/**
 * The work an article change sets off, as queue messages. Each job is idempotent (purging,
 * pinging, storing a card twice does no harm), so a retry after a partial failure is safe.
 */
export type PublishJob =
  /**
   * Purge these URLs (in every data centre through Cloudflare's API when a zone is configured,
   * else in the data centre that runs the job), then announce the feeds: the pings wait for
   * the purge, so that a hub fetching right after one gets the new feed (from any data centre
   * with global purge; without it, from the writer's).
   */
  | { kind: "purge"; urls: string[]; pingsAfter: PingJob[] }
  | PingJob
  /** Draw the article's share card into R2 if it is published and not drawn yet. */
  | { kind: "render-card"; slug: string }
  /** Remove an old content version's cards from R2. */
  | { kind: "drop-cards"; keys: string[] };

/** One WebSub publish ping to one hub, naming every changed feed, so each hub retries alone. */
export interface PingJob {
  kind: "ping";
  hub: string;
  topics: string[];
}

export type PublishJobKind = PublishJob["kind"];

/** A job as sent: its id follows it through retries and the dead-letter queue. */
export type PublishMessage = PublishJob & { jobId: string };

export function message(job: PublishJob): PublishMessage {
  return { ...job, jobId: crypto.randomUUID() };
}

const KINDS: readonly PublishJobKind[] = ["purge", "ping", "render-card", "drop-cards"];
const isStrings = (value: unknown): value is string[] => Array.isArray(value) && value.every((item) => typeof item === "string");

/** Whether a queue body is a job this version understands (a message outlives a deploy). */
export function isPublishMessage(body: unknown): body is PublishMessage {
  if (typeof body !== "object" || body === null) return false;
  const job = body as Record<string, unknown>;
  if (typeof job.jobId !== "string" || !KINDS.includes(job.kind as PublishJobKind)) return false;
  switch (job.kind) {
    case "purge":
      return isStrings(job.urls) && Array.isArray(job.pingsAfter) && job.pingsAfter.every((ping) => isPing(ping));
    case "ping":
      return isPing(job);
    case "render-card":
      return typeof job.slug === "string";
    default:
      return isStrings(job.keys);
  }
}

function isPing(value: unknown): value is PingJob {
  const ping = value as Record<string, unknown>;
  return typeof ping === "object" && ping !== null && ping.kind === "ping" && typeof ping.hub === "string" && isStrings(ping.topics);
}

/** Subrequests a job makes at most (fetch, Cache API, R2 and queue calls), so a batch stays inside the plan's limit. */
export function jobCost(job: PublishJob, zonePurge: boolean): number {
  switch (job.kind) {
    case "purge":
      // Each URL and its stale copy: the API takes 100 URLs a call; without it, one Cache API
      // delete each. Then one send.
      return (zonePurge ? Math.ceil((2 * job.urls.length) / ZONE_PURGE_URLS_PER_CALL) : 2 * job.urls.length) + 1;
    case "ping":
      return 1;
    case "render-card":
      // The stored card's lookup, the lead photo, the store.
      return 3;
    default:
      return 1;
  }
}

/**
 * URLs per purge API call: "Max operations per request: 100" on every plan
 * (developers.cloudflare.com/cache/how-to/purge-cache/, Dec 2026).
 */
export const ZONE_PURGE_URLS_PER_CALL = 100;
