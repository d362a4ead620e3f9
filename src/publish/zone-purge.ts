import { ZONE_PURGE_URLS_PER_CALL } from "./jobs";

/** Where Cloudflare's purge API is, for one zone and a token with its Cache Purge permission. */
export interface ZonePurge {
  zoneId: string;
  token: string;
  fetcher?: typeof fetch;
}

const API = "https://api.cloudflare.com/client/v4";

interface ApiAnswer {
  success?: boolean;
  errors?: { code?: number; message?: string }[];
}

/**
 * Purges URLs from Cloudflare's cache in every data centre: single-file purge
 * (`POST /zones/:zone/purge_cache {"files": [...]}`, 100 URLs a call). Entries the Worker
 * stored with the Cache API under these URLs are purged with them; `cache.delete` alone reaches
 * only the data centre it runs in (developers.cloudflare.com/workers/runtime-apis/cache/).
 * Throws with Cloudflare's own error codes and messages when a call fails (a 429 when the
 * plan's purge rate is spent: Free allows 5 calls a minute, with bursts of 25), so the queue
 * retries it later.
 */
export async function purgeZoneUrls({ zoneId, token, fetcher = fetch }: ZonePurge, urls: string[]): Promise<void> {
  for (let i = 0; i < urls.length; i += ZONE_PURGE_URLS_PER_CALL) {
    const files = urls.slice(i, i + ZONE_PURGE_URLS_PER_CALL);
    const response = await fetcher(`${API}/zones/${encodeURIComponent(zoneId)}/purge_cache`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: JSON.stringify({ files }),
      signal: AbortSignal.timeout(10_000),
    });
    const answer = (await response.json().catch(() => ({}))) as ApiAnswer;
    if (!response.ok || answer.success !== true) {
      const reasons = (answer.errors ?? []).map((error) => `${error.code ?? "?"} ${error.message ?? ""}`.trim()).join("; ");
      throw new Error(`Cloudflare purge API answered ${response.status}${reasons ? `: ${reasons}` : ""} (${files.length} URLs)`);
    }
  }
}
