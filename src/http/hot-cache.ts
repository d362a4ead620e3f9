/** A stored response, as kept in memory: status, headers and the whole body. */
export interface HotEntry {
  status: number;
  headers: [string, string][];
  body: Uint8Array;
}

/**
 * Whether the memory tiers keep anything. Off, every HotCache misses and keeps nothing, as an
 * isolate that has never seen the key: in production most cached answers are that case, since
 * traffic is spread over many isolates and data centres. Herald never turns it off; the
 * benchmark's Cache API scenarios do (bench/cache-api-worker.ts), to measure that tier alone.
 */
let memoryTiersOn = true;

export function useMemoryTiers(on: boolean): void {
  memoryTiersOn = on;
}

interface Slot extends HotEntry {
  expiresAt: number;
}

/**
 * An in-memory tier for hot responses, per isolate, bounded by total bytes (least recently
 * used out first) and by age: an entry lives `ttlMs`, or `immutableTtlMs` when its
 * Cache-Control says immutable (versioned URLs never change, so only memory limits them).
 */
export class HotCache {
  private readonly slots = new Map<string, Slot>();
  private bytes = 0;
  private lastUsed: string | undefined;

  constructor(private readonly options: { maxBytes: number; ttlMs: number; immutableTtlMs: number; now?: () => number }) {}

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  get(key: string): HotEntry | undefined {
    if (!memoryTiersOn) return undefined;
    const slot = this.slots.get(key);
    if (!slot) return undefined;
    if (slot.expiresAt <= this.now()) {
      this.delete(key);
      return undefined;
    }
    // Most recently used last (Map keeps insertion order); a hot key asked for again and
    // again is already there.
    if (this.lastUsed !== key) {
      this.slots.delete(key);
      this.slots.set(key, slot);
      this.lastUsed = key;
    }
    return slot;
  }

  set(key: string, entry: HotEntry): void {
    this.delete(key);
    if (!memoryTiersOn) return;
    // One entry may take at most an eighth of the tier, so a large body cannot empty it.
    if (entry.body.byteLength > this.options.maxBytes / 8) return;
    const cacheControl = entry.headers.find(([name]) => name.toLowerCase() === "cache-control")?.[1] ?? "";
    const ttl = /\bimmutable\b/i.test(cacheControl) ? this.options.immutableTtlMs : this.options.ttlMs;
    this.slots.set(key, { ...entry, expiresAt: this.now() + ttl });
    this.lastUsed = key;
    this.bytes += entry.body.byteLength;
    for (const [oldest, slot] of this.slots) {
      if (this.bytes <= this.options.maxBytes) break;
      this.slots.delete(oldest);
      this.bytes -= slot.body.byteLength;
    }
  }

  delete(key: string): void {
    const slot = this.slots.get(key);
    if (!slot) return;
    this.slots.delete(key);
    this.bytes -= slot.body.byteLength;
    if (this.lastUsed === key) this.lastUsed = undefined;
  }

  get size(): { entries: number; bytes: number } {
    return { entries: this.slots.size, bytes: this.bytes };
  }
}
