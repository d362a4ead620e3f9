/**
 * WebSub publish pings: one form POST per hub naming every changed feed, `hub.mode=publish`
 * with `hub.url` repeated (PubSubHubbub 0.3/0.4), which keeps a change with many authors
 * inside the Worker's subrequest limit. A hub that fails or cannot be reached is logged and
 * never fails the write that caused it.
 */
export async function pingHubs(hubs: string[], topics: string[], fetcher: typeof fetch = fetch): Promise<void> {
  if (topics.length === 0) return;
  const body = new URLSearchParams([["hub.mode", "publish"], ...topics.map((topic) => ["hub.url", topic])]);
  await Promise.all(
    hubs.map(async (hub) => {
      try {
        const response = await fetcher(hub, {
          method: "POST",
          headers: { "Content-Type": "application/x-www-form-urlencoded" },
          body: body.toString(),
          signal: AbortSignal.timeout(10_000),
        });
        if (!response.ok) console.error(`WebSub hub ${hub} answered ${response.status} for ${topics.length} feed(s)`);
        await response.body?.cancel();
      } catch (err) {
        console.error(`WebSub hub ${hub} unreachable: ${String(err)}`);
      }
    }),
  );
}
