import type { PublishJob, PublishMessage } from "./jobs";

/** A failed publish job as the admin API lists it. */
export interface PublishFailure {
  jobId: string;
  kind: PublishJob["kind"];
  job: PublishJob;
  attempts: number;
  lastError: string;
  firstFailedAt: string;
  lastFailedAt: string;
  /** When its last try failed and it went to the dead-letter queue; null while it is still retried. */
  deadLetteredAt: string | null;
}

interface FailureRow {
  job_id: string;
  kind: PublishJob["kind"];
  job: string;
  attempts: number;
  last_error: string;
  first_failed_at: string;
  last_failed_at: string;
  dead_lettered_at: string | null;
}

function jobOf({ jobId: _, ...job }: PublishMessage): PublishJob {
  return job;
}

/** Errors are kept short: a hub's HTML error page is not worth storing. */
const MAX_ERROR_CHARS = 500;

/** An error as stored in D1: its text, cut at MAX_ERROR_CHARS. */
export const shortError = (error: unknown) => String(error).slice(0, MAX_ERROR_CHARS);

/** The publish_failures table (migrations/0007): jobs being retried and jobs dead-lettered. */
export class PublishFailures {
  constructor(private readonly db: D1Database) {}

  /** A try failed; the queue retries it (or, after the last, dead-letters it). */
  async recordAttempt(message: PublishMessage, attempts: number, error: unknown, at: string): Promise<void> {
    await this.db
      .prepare(
        `INSERT INTO publish_failures (job_id, kind, job, attempts, last_error, first_failed_at, last_failed_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)
         ON CONFLICT (job_id) DO UPDATE SET attempts = excluded.attempts, last_error = excluded.last_error,
           last_failed_at = excluded.last_failed_at`,
      )
      .bind(message.jobId, message.kind, JSON.stringify(jobOf(message)), attempts, shortError(error), at)
      .run();
  }

  /** The dead-letter queue's consumer: the job's tries are over. */
  async recordDeadLetter(message: PublishMessage, attempts: number, at: string): Promise<void> {
    await this.db
      .prepare(
        `INSERT INTO publish_failures (job_id, kind, job, attempts, last_error, first_failed_at, last_failed_at, dead_lettered_at)
         VALUES (?1, ?2, ?3, ?4, 'no error recorded', ?5, ?5, ?5)
         ON CONFLICT (job_id) DO UPDATE SET dead_lettered_at = excluded.dead_lettered_at`,
      )
      .bind(message.jobId, message.kind, JSON.stringify(jobOf(message)), attempts, at)
      .run();
  }

  /** A retry succeeded, or the publisher sent the job again: it is no longer a failure. */
  async forget(jobId: string): Promise<boolean> {
    const result = await this.db.prepare("DELETE FROM publish_failures WHERE job_id = ?").bind(jobId).run();
    return result.meta.changes > 0;
  }

  async get(jobId: string): Promise<PublishFailure | undefined> {
    const row = await this.db.prepare("SELECT * FROM publish_failures WHERE job_id = ?").bind(jobId).first<FailureRow>();
    return row ? failureOf(row) : undefined;
  }

  /** Newest failure first. */
  async list(limit: number): Promise<PublishFailure[]> {
    const { results } = await this.db
      .prepare("SELECT * FROM publish_failures ORDER BY last_failed_at DESC, job_id LIMIT ?")
      .bind(limit)
      .all<FailureRow>();
    return results.map(failureOf);
  }

  /** For /healthz: jobs still being retried, and jobs dead-lettered. */
  async counts(): Promise<{ retrying: number; deadLettered: number }> {
    const row = await this.db
      .prepare("SELECT count(*) - count(dead_lettered_at) AS retrying, count(dead_lettered_at) AS dead_lettered FROM publish_failures")
      .first<{ retrying: number; dead_lettered: number }>();
    return { retrying: row?.retrying ?? 0, deadLettered: row?.dead_lettered ?? 0 };
  }
}

function failureOf(row: FailureRow): PublishFailure {
  return {
    jobId: row.job_id,
    kind: row.kind,
    job: JSON.parse(row.job) as PublishJob,
    attempts: row.attempts,
    lastError: row.last_error,
    firstFailedAt: row.first_failed_at,
    lastFailedAt: row.last_failed_at,
    deadLetteredAt: row.dead_lettered_at,
  };
}
