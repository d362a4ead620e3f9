import { createApp } from "./app/create-app";
import { answerFromMemory } from "./app/hot-path";
import { scheduledWordPressSync } from "./edge/wordpress/scheduled";
import { consumeDeadLetters, consumePublishBatch } from "./publish/consumer";
import { publishDeps } from "./publish/deps";
import { type Bindings, siteConfig } from "./site/config";

const app = createApp();

/**
 * Answers from this isolate's memory first (no routing), then through the app. The cron keeps
 * the articles in step with WordPress when WP_ORIGIN is set. The queue handler runs what
 * article changes set off (the publish queue) and records what failed for good (its
 * dead-letter queue, named with a "-dlq" suffix in wrangler.toml).
 */
export default {
  fetch(request, env, ctx) {
    return answerFromMemory(request, env) ?? app.fetch(request, env, ctx);
  },
  scheduled(_controller, env, ctx) {
    ctx.waitUntil(scheduledWordPressSync(env, ctx));
  },
  async queue(batch, env, _ctx) {
    if (batch.queue.endsWith("-dlq")) return consumeDeadLetters(batch, env.DB);
    const site = siteConfig(env);
    return consumePublishBatch(batch, publishDeps(env, site), site);
  },
} satisfies ExportedHandler<Bindings>;
