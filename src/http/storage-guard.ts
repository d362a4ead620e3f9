/**
 * Storage that cannot answer now (D1 unreachable, overloaded, reset, or slower than the
 * deadline), as opposed to a statement Herald got wrong. The app answers it with 503 and
 * Retry-After in the route's error form, or with a kept stale copy; a bug stays a 500.
 */
export class StorageUnavailable extends Error {
  constructor(
    readonly storage: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${storage} unavailable: ${reason}`, options);
    this.name = "StorageUnavailable";
  }
}

/** Seconds a client is told to wait (Retry-After) before asking again during an outage. */
export const STORAGE_RETRY_AFTER_SECONDS = 30;

/**
 * How long one D1 call (a query or a batch) may take before it counts as unavailable. D1
 * answers Herald's queries in milliseconds; a call still pending after this is a stuck
 * connection, and a reader should get an answer (a stale copy or a 503) rather than wait
 * for the platform's own limit.
 */
const DEFAULT_STORAGE_DEADLINE_MS = 5_000;

/**
 * Errors about the statement itself, from D1's error list
 * (developers.cloudflare.com/d1/observability/debug-d1/#error-list) and SQLite's messages: a
 * constraint (the service turns a taken slug into a 409), a type mismatch, an unknown column or
 * table, a syntax error. Every other D1 failure ("Network connection lost", "storage caused
 * object to be reset", "D1 DB is overloaded", internal errors) is the storage being unavailable.
 */
const STATEMENT_ERROR =
  /SQLITE_(?:CONSTRAINT|ERROR|MISMATCH|RANGE|TOOBIG)|constraint failed|syntax error|no such (?:table|column|function)|D1_TYPE_ERROR|D1_COLUMN_NOTFOUND|D1_EXEC_ERROR/;

function isStatementError(err: unknown): boolean {
  return STATEMENT_ERROR.test(String(err));
}

export interface StorageGuardOptions {
  /** Milliseconds each call may take (DEFAULT_STORAGE_DEADLINE_MS unless a test shortens it). */
  deadlineMs?: number;
}

/** The call's result, or StorageUnavailable when it fails for want of storage or outlasts the deadline. */
async function guarded<T>(call: () => Promise<T>, deadlineMs: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StorageUnavailable("D1", `no answer within ${deadlineMs} ms`)), deadlineMs);
  });
  try {
    return await Promise.race([call(), deadline]);
  } catch (err) {
    if (err instanceof StorageUnavailable || isStatementError(err)) throw err;
    throw new StorageUnavailable("D1", err instanceof Error ? err.message : String(err), { cause: err });
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The D1 binding with every call (a statement's first/run/all/raw, a batch, an exec, a dump)
 * made through `around`: the guard below, and the tests' fault injection. `batch()` accepts
 * only statements its own binding prepared, so each wrapped statement remembers the one it wraps.
 */
export function wrapD1(db: D1Database, around: <T>(call: () => Promise<T>) => Promise<T>): D1Database {
  const inner = new WeakMap<object, D1PreparedStatement>();
  const wrap = (statement: D1PreparedStatement): D1PreparedStatement => {
    const wrapped = {
      bind: (...values: unknown[]) => wrap(statement.bind(...values)),
      first: (column?: string) => around(() => (column === undefined ? statement.first() : statement.first(column))),
      run: () => around(() => statement.run()),
      all: () => around(() => statement.all()),
      raw: (options?: { columnNames?: boolean }) => around(() => statement.raw(options as { columnNames: true })),
    } as unknown as D1PreparedStatement;
    inner.set(wrapped, statement);
    return wrapped;
  };
  return {
    prepare: (query: string) => wrap(db.prepare(query)),
    batch: <T>(statements: D1PreparedStatement[]) =>
      around(() => db.batch<T>(statements.map((statement) => inner.get(statement) ?? statement))),
    exec: (query: string) => around(() => db.exec(query)),
    withSession: (constraint?: string) => db.withSession(constraint),
    dump: () => around(() => db.dump()),
  } as D1Database;
}

/**
 * The D1 binding with every call held to a deadline and every failure to reach it raised as
 * StorageUnavailable, so the whole app (routes, the admin API, the sync) tells an outage from a
 * bug in one place. Statement errors pass through unchanged.
 */
export function guardD1(db: D1Database, options: StorageGuardOptions = {}): D1Database {
  const deadlineMs = options.deadlineMs ?? DEFAULT_STORAGE_DEADLINE_MS;
  return wrapD1(db, (call) => guarded(call, deadlineMs));
}
