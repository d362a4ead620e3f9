/**
 * WebSub publish pings (https://www.w3.org/TR/websub/): one form POST per hub and topic.
 * A hub that fails or cannot be reached is logged and never fails the write that caused it.
 */
export async function pingHubs(hubs: string[], topics: string[], fetcher: typeof fetch = fetch): Promise<void> {
  const pings = hubs.flatMap((hub) =>
    topics.map(async (topic) => {
      try {
        const response = await fetcher(hub, {
          method: "POST",
          headers: { "Content-Type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ "hub.mode": "publish", "hub.url": topic }),
          signal: AbortSignal.timeout(10_000),
        });
        if (!response.ok) console.error(`WebSub hub ${hub} answered ${response.status} for ${topic}`);
        await response.body?.cancel();
      } catch (err) {
        console.error(`WebSub hub ${hub} unreachable for ${topic}: ${String(err)}`);
      }
    }),
  );
  await Promise.all(pings);
}
