import { createApp } from "./app/create-app";
import { answerFromMemory } from "./app/hot-path";
import type { Bindings } from "./site/config";

const app = createApp();

/** Answers from this isolate's memory first (no routing), then through the app. */
export default {
  fetch(request, env, ctx) {
    return answerFromMemory(request, env) ?? app.fetch(request, env, ctx);
  },
} satisfies ExportedHandler<Bindings>;
