import { withStaleCopies } from "../http/edge-cache";
import type { SiteConfig } from "../site/config";
import type { PublishDeps } from "./deps";
import { PublishFailures } from "./failures";
import { isPublishMessage, jobCost, message, type PublishMessage } from "./jobs";
import { enqueue } from "./queue";
import { runJob } from "./run-job";
import { purgeZoneUrls } from "./zone-purge";

/** Tries per job: wrangler.toml's `max_retries = 5` for the publish queue, plus the first. */
export const MAX_ATTEMPTS = 6;

/**
 * Subrequests one consumer invocation spends at most: Workers Free allows 50 (fetch, Cache
 * API, R2 and queue calls alike); a job that does not fit waits for the next batch.
 */
const INVOCATION_SUBREQUESTS = 45;

/** The wait before the next try: the base, then three times longer each time, at most an hour. */
export function retryDelaySeconds(baseSeconds: number, attempts: number): number {
  return Math.min(baseSeconds * 3 ** (attempts - 1), 3600);
}

type JobMessage = Message<PublishMessage>;

/**
 * The publish queue's consumer. Purges of one batch are merged into the fewest API calls
 * (Workers Free's zone may purge 5 times a minute); the other jobs run side by side. A job
 * that fails is recorded (publish_failures, for /healthz and the admin API) and retried with
 * backoff; after its last try the queue moves it to the dead-letter queue. A job that succeeds
 * on a retry leaves the failures table.
 */
export async function consumePublishBatch(batch: MessageBatch, deps: PublishDeps, site: SiteConfig, now = () => new Date()): Promise<void> {
  const failures = new PublishFailures(deps.db);
  const ready: JobMessage[] = [];
  let budget = INVOCATION_SUBREQUESTS;
  for (const msg of batch.messages) {
    if (!isPublishMessage(msg.body)) {
      console.error(`publish queue: dropped a message that is no job: ${JSON.stringify(msg.body).slice(0, 200)}`);
      msg.ack();
      continue;
    }
    const cost = jobCost(msg.body, deps.zone !== undefined);
    if (cost > budget && ready.length > 0) {
      msg.retry({ delaySeconds: 1 });
      continue;
    }
    budget -= cost;
    ready.push(msg as JobMessage);
  }

  const zonePurges = deps.zone ? ready.filter((msg) => msg.body.kind === "purge") : [];
  const others = ready.filter((msg) => !zonePurges.includes(msg));
  const outcomes = await Promise.all([
    runZonePurges(deps, zonePurges),
    ...others.map(async (msg) => {
      try {
        return [{ msg, followUps: await runJob(deps, site, msg.body) }];
      } catch (error) {
        return [{ msg, error }];
      }
    }),
  ]);

  const followUps: PublishMessage[] = [];
  const at = now().toISOString();
  for (const outcome of outcomes.flat()) {
    if ("error" in outcome) {
      followUps.push(...(await settleFailure(outcome.msg, outcome.error, failures, site, at)));
      continue;
    }
    followUps.push(...outcome.followUps);
    outcome.msg.ack();
    if (outcome.msg.attempts > 1) await failures.forget(outcome.msg.body.jobId).catch((err) => console.error("publish_failures:", err));
  }
  await enqueue(deps, site, followUps);
}

type Outcome = { msg: JobMessage; followUps: PublishMessage[] } | { msg: JobMessage; error: unknown };

/** Every purge of the batch in as few API calls as their URLs allow: they succeed or fail together. */
async function runZonePurges(deps: PublishDeps, purges: JobMessage[]): Promise<Outcome[]> {
  if (!deps.zone || purges.length === 0) return [];
  const urls = [...new Set(purges.flatMap((msg) => (msg.body.kind === "purge" ? msg.body.urls : [])))];
  try {
    await purgeZoneUrls(deps.zone, withStaleCopies(urls));
  } catch (error) {
    return purges.map((msg) => ({ msg, error }));
  }
  return purges.map((msg) => ({ msg, followUps: msg.body.kind === "purge" ? pingsOf(msg.body) : [] }));
}

function pingsOf(job: Extract<PublishMessage, { kind: "purge" }>): PublishMessage[] {
  return job.pingsAfter.map(message);
}

/**
 * Records the failure and asks for a retry later (after the last try, the queue dead-letters
 * the job). A purge that will not be tried again still lets its pings go: the hubs hear of the
 * change late (the feeds' max-age) rather than never.
 */
async function settleFailure(
  msg: JobMessage,
  error: unknown,
  failures: PublishFailures,
  site: SiteConfig,
  at: string,
): Promise<PublishMessage[]> {
  const last = msg.attempts >= MAX_ATTEMPTS;
  console.error(`publish job ${msg.body.kind} ${msg.body.jobId} failed (try ${msg.attempts} of ${MAX_ATTEMPTS}): ${String(error)}`);
  await failures.recordAttempt(msg.body, msg.attempts, error, at).catch((err) => console.error("publish_failures:", err));
  msg.retry({ delaySeconds: retryDelaySeconds(site.publishRetrySeconds, msg.attempts) });
  return last && msg.body.kind === "purge" ? pingsOf(msg.body) : [];
}

/**
 * The dead-letter queue's consumer: a job whose tries are over is marked in publish_failures,
 * where /healthz counts it and the admin API lists it and can send it again. If D1 does not
 * answer, the dead letter is retried.
 */
export async function consumeDeadLetters(batch: MessageBatch, db: D1Database, now = () => new Date()): Promise<void> {
  const failures = new PublishFailures(db);
  for (const msg of batch.messages) {
    if (!isPublishMessage(msg.body)) {
      msg.ack();
      continue;
    }
    try {
      await failures.recordDeadLetter(msg.body, MAX_ATTEMPTS, now().toISOString());
      console.error(`publish job ${msg.body.kind} ${msg.body.jobId} dead-lettered after ${MAX_ATTEMPTS} tries`);
      msg.ack();
    } catch (err) {
      console.error("dead letter not recorded; retrying", err);
      msg.retry();
    }
  }
}
