import { createApp } from "./app/create-app";
import { answerFromMemory } from "./app/hot-path";
import { scheduledWordPressSync } from "./edge/wordpress/scheduled";
import type { Bindings } from "./site/config";

const app = createApp();

/**
 * Answers from this isolate's memory first (no routing), then through the app. The cron keeps
 * the articles in step with WordPress when WP_ORIGIN is set.
 */
export default {
  fetch(request, env, ctx) {
    return answerFromMemory(request, env) ?? app.fetch(request, env, ctx);
  },
  scheduled(_controller, env, ctx) {
    ctx.waitUntil(scheduledWordPressSync(env, ctx));
  },
} satisfies ExportedHandler<Bindings>;
