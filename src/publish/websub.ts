/**
 * A WebSub publish ping: one form POST naming every changed feed, `hub.mode=publish` with
 * `hub.url` repeated (PubSubHubbub 0.3/0.4), which keeps a change with many authors to one
 * request per hub. Throws when the hub fails or cannot be reached, so the queue retries it.
 */
export async function pingHub(hub: string, topics: string[], fetcher: typeof fetch = fetch): Promise<void> {
  if (topics.length === 0) return;
  const body = new URLSearchParams([["hub.mode", "publish"], ...topics.map((topic) => ["hub.url", topic])]);
  const response = await fetcher(hub, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: body.toString(),
    signal: AbortSignal.timeout(10_000),
  });
  await response.body?.cancel();
  // Hubs answer 204 No Content (or 202); anything else is a failure to retry.
  if (!response.ok) throw new Error(`WebSub hub ${hub} answered ${response.status} for ${topics.length} feed(s)`);
}
