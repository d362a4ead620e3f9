import type { SiteConfig } from "../site/config";
import type { PublishDeps } from "./deps";
import { PublishFailures } from "./failures";
import { isPublishMessage, jobCost, message, type PublishJob, type PublishMessage, ZONE_PURGE_URLS_PER_CALL } from "./jobs";
import { sendJobs } from "./queue";
import { purgeUrls, runJob } from "./run-job";

/** Tries per job: wrangler.toml's `max_retries = 5` for the publish queue, plus the first. */
export const MAX_ATTEMPTS = 6;

/**
 * Subrequests one consumer invocation spends at most: Workers Free allows 50 (fetch, Cache
 * API, R2 and queue calls alike); the jobs that do not fit are sent again for a later batch.
 */
const INVOCATION_SUBREQUESTS = 45;

/** A dead letter D1 could not record is tried again this much later (wrangler.toml gives it 10 tries). */
const DEAD_LETTER_RETRY_SECONDS = 300;

/** The wait before the next try: the base, then three times longer each time, at most an hour. */
function retryDelaySeconds(baseSeconds: number, attempts: number): number {
  return Math.min(baseSeconds * 3 ** (attempts - 1), 3600);
}

type JobMessage = Message<PublishMessage>;
type PurgeJob = Extract<PublishJob, { kind: "purge" }>;
type Outcome = { msg: JobMessage; followUps: PublishMessage[] } | { msg: JobMessage; error: unknown };

/**
 * The publish queue's consumer. Purges of one batch are merged into the fewest API calls
 * (Workers Free's zone may purge 5 times a minute); the other jobs run side by side, and card
 * renders last, one by one, each settled on its own: a render is what can run out of CPU, and
 * the jobs settled before it stay settled. A job that fails is recorded (publish_failures, for
 * /healthz and the admin API) and retried with backoff; after its last try the queue moves it
 * to the dead-letter queue. A job that succeeds on a retry leaves the failures table. A job's
 * follow-ups (a purge's pings) are sent before it is acknowledged, so none is lost.
 */
export async function consumePublishBatch(batch: MessageBatch, deps: PublishDeps, site: SiteConfig, now = () => new Date()): Promise<void> {
  const failures = new PublishFailures(deps.db);
  const ready: JobMessage[] = [];
  const deferred: JobMessage[] = [];
  let budget = INVOCATION_SUBREQUESTS;
  for (const msg of batch.messages) {
    if (!isPublishMessage(msg.body)) {
      console.error(`publish queue: dropped a message that is no job: ${JSON.stringify(msg.body).slice(0, 200)}`);
      msg.ack();
      continue;
    }
    const cost = jobCost(msg.body, deps.zone !== undefined);
    if (cost > budget && ready.length > 0) deferred.push(msg as JobMessage);
    else {
      budget -= cost;
      ready.push(msg as JobMessage);
    }
  }
  await deferForLater(deps, deferred);

  const isCard = (msg: JobMessage) => msg.body.kind === "render-card";
  const zonePurges = deps.zone ? ready.filter((msg) => msg.body.kind === "purge") : [];
  const others = ready.filter((msg) => !zonePurges.includes(msg) && !isCard(msg));
  const [purged, ran] = await Promise.all([runZonePurges(deps, zonePurges), Promise.all(others.map((msg) => runOne(deps, site, msg)))]);
  const settle = (outcome: Outcome) => settleOutcome(outcome, deps, failures, site, now().toISOString());
  await Promise.all([...purged, ...ran].map(settle));
  for (const msg of ready.filter(isCard)) await settle(await runOne(deps, site, msg));
}

async function runOne(deps: PublishDeps, site: SiteConfig, msg: JobMessage): Promise<Outcome> {
  try {
    return { msg, followUps: await runJob(deps, site, msg.body) };
  } catch (error) {
    return { msg, error };
  }
}

/**
 * The batch's purges in as few API calls as their URLs allow (each job with its stale copies;
 * 100 URLs a call), jobs packed whole into calls: a call that fails fails only the jobs in it,
 * so one 429 does not send every purge of the batch round again.
 */
async function runZonePurges(deps: PublishDeps, purges: JobMessage[]): Promise<Outcome[]> {
  const groups: { msg: JobMessage; job: PurgeJob }[][] = [];
  let room = 0;
  for (const msg of purges) {
    if (msg.body.kind !== "purge") continue;
    const size = 2 * msg.body.urls.length;
    if (groups.length === 0 || size > room) {
      groups.push([]);
      room = ZONE_PURGE_URLS_PER_CALL;
    }
    groups.at(-1)?.push({ msg, job: msg.body });
    room -= size;
  }
  const outcomes = await Promise.all(
    groups.map(async (group): Promise<Outcome[]> => {
      try {
        await purgeUrls(deps, [...new Set(group.flatMap(({ job }) => job.urls))]);
        return group.map(({ msg, job }) => ({ msg, followUps: job.pingsAfter.map(message) }));
      } catch (error) {
        return group.map(({ msg }) => ({ msg, error }));
      }
    }),
  );
  return outcomes.flat();
}

/**
 * Jobs over this invocation's budget go back on the queue as they are (same job id, fresh
 * tries) rather than being retried, which would spend one of their tries without running them.
 */
async function deferForLater(deps: PublishDeps, deferred: JobMessage[]): Promise<void> {
  if (deferred.length === 0) return;
  try {
    await sendJobs(
      deps,
      deferred.map((msg) => msg.body),
    );
    for (const msg of deferred) msg.ack();
  } catch (err) {
    console.error("publish queue: could not send deferred jobs again; retrying them", err);
    for (const msg of deferred) msg.retry({ delaySeconds: 1 });
  }
}

/**
 * A success sends its follow-ups, then is acknowledged (if they cannot be sent, it is retried:
 * running it again is harmless). A failure is recorded and retried later; after its last try
 * the queue dead-letters it, and a purge given up still lets its pings go: the hubs hear of
 * the change late (the feeds' max-age) rather than never.
 */
async function settleOutcome(outcome: Outcome, deps: PublishDeps, failures: PublishFailures, site: SiteConfig, at: string): Promise<void> {
  const { msg } = outcome;
  if ("followUps" in outcome) {
    try {
      await sendJobs(deps, outcome.followUps);
    } catch (error) {
      return settleOutcome({ msg, error }, deps, failures, site, at);
    }
    msg.ack();
    if (msg.attempts > 1) await failures.forget(msg.body.jobId).catch((err) => console.error("publish_failures:", err));
    return;
  }
  console.error(`publish job ${msg.body.kind} ${msg.body.jobId} failed (try ${msg.attempts} of ${MAX_ATTEMPTS}): ${String(outcome.error)}`);
  await failures.recordAttempt(msg.body, msg.attempts, outcome.error, at).catch((err) => console.error("publish_failures:", err));
  if (msg.attempts >= MAX_ATTEMPTS && msg.body.kind === "purge") {
    await sendJobs(deps, msg.body.pingsAfter.map(message)).catch((err) => console.error("pings of a purge given up not sent", err));
  }
  msg.retry({ delaySeconds: retryDelaySeconds(site.publishRetrySeconds, msg.attempts) });
}

/**
 * The dead-letter queue's consumer: a job whose tries are over is marked in publish_failures,
 * where /healthz counts it and the admin API lists it and can send it again. If D1 does not
 * answer, the dead letter is tried again later.
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
      msg.retry({ delaySeconds: DEAD_LETTER_RETRY_SECONDS });
    }
  }
}
