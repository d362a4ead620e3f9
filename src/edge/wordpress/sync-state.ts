import { SyncFailure } from "./rest-client";

/**
 * Where the sync stands: every post modified before `modified` is stored, and so are the
 * posts in `doneIds`, modified at exactly that second (migrations/0005_wordpress_sync.sql).
 */
export interface SyncCursor {
  /** "2024-05-01T10:00:00Z". */
  modified: string;
  doneIds: number[];
}

export interface SyncState {
  cursor?: SyncCursor;
  permalinkHost?: string;
  /** The Herald article id the reconciliation pass resumes after ("" from the start). */
  reconcileAfter: string;
}

interface StateRow {
  cursor_modified: string | null;
  cursor_done_ids: string;
  permalink_host: string | null;
  reconcile_after: string;
}

function parseDoneIds(json: string): number[] {
  try {
    const ids: unknown = JSON.parse(json);
    return Array.isArray(ids) ? ids.filter((id): id is number => Number.isInteger(id)) : [];
  } catch {
    return [];
  }
}

/**
 * The sync's row in D1, written only by the run that holds its lease. D1 has no locks, but each
 * statement is atomic: taking the lease is one upsert that succeeds only when no unexpired lease
 * is held, and every later write names the lease token, so a run that lost its lease (it ran
 * past the expiry and another run took over) can no longer move the cursor.
 */
export class SyncStateStore {
  constructor(
    private readonly db: D1Database,
    private readonly origin: string,
    private readonly token: string,
  ) {}

  /** Takes the lease until `until`, or answers undefined when another run holds it. */
  async acquire(now: Date, until: Date): Promise<SyncState | undefined> {
    const row = await this.db
      .prepare(
        `INSERT INTO wordpress_sync (origin, lease_token, lease_until) VALUES (?1, ?2, ?3)
         ON CONFLICT (origin) DO UPDATE SET lease_token = excluded.lease_token, lease_until = excluded.lease_until
           WHERE wordpress_sync.lease_until IS NULL OR wordpress_sync.lease_until <= ?4
         RETURNING cursor_modified, cursor_done_ids, permalink_host, reconcile_after`,
      )
      .bind(this.origin, this.token, until.toISOString(), now.toISOString())
      .first<StateRow>();
    if (!row) return undefined;
    return {
      cursor: row.cursor_modified ? { modified: row.cursor_modified, doneIds: parseDoneIds(row.cursor_done_ids) } : undefined,
      permalinkHost: row.permalink_host ?? undefined,
      reconcileAfter: row.reconcile_after,
    };
  }

  /** Writes the state and extends the lease; throws when this run no longer holds it. */
  async save(state: SyncState, leaseUntil: Date): Promise<void> {
    const result = await this.db
      .prepare(
        `UPDATE wordpress_sync SET cursor_modified = ?, cursor_done_ids = ?, permalink_host = ?, reconcile_after = ?, lease_until = ?
         WHERE origin = ? AND lease_token = ?`,
      )
      .bind(
        state.cursor?.modified ?? null,
        JSON.stringify(state.cursor?.doneIds ?? []),
        state.permalinkHost ?? null,
        state.reconcileAfter,
        leaseUntil.toISOString(),
        this.origin,
        this.token,
      )
      .run();
    if (result.meta.changes !== 1) throw new SyncFailure("another run took over the sync (this run's lease expired); stopped");
  }

  /** Gives the lease back and records how the run ended. */
  async release(now: Date, error: string | undefined): Promise<void> {
    await this.db
      .prepare(
        `UPDATE wordpress_sync SET lease_token = NULL, lease_until = NULL, last_run_at = ?, last_error = ?
         WHERE origin = ? AND lease_token = ?`,
      )
      .bind(now.toISOString(), error ?? null, this.origin, this.token)
      .run();
  }
}
