import { guardD1 } from "../../http/storage-guard";
import { publishDeps } from "../../publish/deps";
import { type Bindings, siteConfig } from "../../site/config";
import { syncWordPress } from "./sync";

/**
 * The cron's sync (wrangler.toml `[triggers]`): nothing without WP_ORIGIN. A configuration
 * error is logged (a cron has no one to answer); the next run tries again.
 */
export async function scheduledWordPressSync(env: Bindings, ctx: ExecutionContext): Promise<void> {
  let site: ReturnType<typeof siteConfig>;
  try {
    site = siteConfig(env);
  } catch (err) {
    console.error("WordPress sync skipped:", String(err));
    return;
  }
  if (!site.wordpressUrl) return;
  let outcome: Awaited<ReturnType<typeof syncWordPress>>;
  try {
    outcome = await syncWordPress(
      { db: guardD1(env.DB), publish: publishDeps(env, site), waitUntil: (promise) => ctx.waitUntil(promise) },
      site,
    );
  } catch (err) {
    // D1 itself failing (or the migration not applied): nothing was written; the next run retries.
    console.error("WordPress sync could not start:", err);
    return;
  }
  if (!outcome.ran) {
    console.log(`WordPress sync skipped: ${outcome.reason}`);
    return;
  }
  const { created, updated, unchanged, failed, tombstoned, more } = outcome.summary;
  console.log(
    `WordPress sync: ${created} created, ${updated} updated, ${unchanged} unchanged, ${failed.length} failed, ${tombstoned} tombstoned${more ? ", more next run" : ""}`,
  );
}
