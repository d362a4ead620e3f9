import { shortError } from "./failures";

/** The last ping to one hub, as the desk's publishing health shows it. */
export interface HubPing {
  hub: string;
  lastPingAt: string;
  ok: boolean;
  /** How many feeds the last ping named. */
  topics: number;
  /** The hub's answer or the network's error when the last ping failed. */
  lastError: string | null;
  /** When a ping to this hub last succeeded, if one ever did. */
  lastOkAt: string | null;
}

interface HubPingRow {
  hub: string;
  last_ping_at: string;
  ok: number;
  topics: number;
  last_error: string | null;
  last_ok_at: string | null;
}

/** The hub_pings table (migrations/0009): one row per hub, the outcome of its latest ping. */
export class HubPings {
  constructor(private readonly db: D1Database) {}

  /** A ping's outcome (`error` undefined: the hub accepted it); a failure keeps the last success's time. */
  async record(ping: { hub: string; topics: string[] }, error: unknown, at: string): Promise<void> {
    const ok = error === undefined;
    await this.db
      .prepare(
        `INSERT INTO hub_pings (hub, last_ping_at, ok, topics, last_error, last_ok_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (hub) DO UPDATE SET last_ping_at = excluded.last_ping_at, ok = excluded.ok, topics = excluded.topics,
           last_error = excluded.last_error, last_ok_at = coalesce(excluded.last_ok_at, hub_pings.last_ok_at)`,
      )
      .bind(ping.hub, at, ok ? 1 : 0, ping.topics.length, ok ? null : shortError(error), ok ? at : null)
      .run();
  }

  /** Every hub's last ping, by hub. */
  async all(): Promise<Map<string, HubPing>> {
    const { results } = await this.db.prepare("SELECT * FROM hub_pings").all<HubPingRow>();
    return new Map(
      results.map((row) => [
        row.hub,
        {
          hub: row.hub,
          lastPingAt: row.last_ping_at,
          ok: row.ok === 1,
          topics: row.topics,
          lastError: row.last_error,
          lastOkAt: row.last_ok_at,
        },
      ]),
    );
  }
}

/**
 * Sends one ping and records how it went. The record is a report, not part of the job: when
 * D1 cannot keep it, that is logged and the ping's own outcome stands (a failed ping still
 * throws, for the queue to retry).
 */
export async function pingAndRecord(db: D1Database, ping: { hub: string; topics: string[] }, send: () => Promise<void>): Promise<void> {
  let failure: unknown;
  try {
    await send();
  } catch (error) {
    failure = error;
  }
  await new HubPings(db)
    .record(ping, failure, new Date().toISOString())
    .catch((err) => console.error(`hub_pings: the ping to ${ping.hub} was not recorded`, err));
  if (failure !== undefined) throw failure;
}
