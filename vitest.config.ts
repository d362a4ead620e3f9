import { fileURLToPath } from "node:url";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

// Tests run inside workerd with the bindings from wrangler.toml: real D1 (migrated by
// tests/setup.ts), R2 and Cache API. Secrets come from here, never from .dev.vars.
export default defineConfig(async () => {
  const migrations = await readD1Migrations("./migrations");
  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath: "./wrangler.toml" },
        miniflare: {
          bindings: {
            ADMIN_TOKEN: "test-admin-token-0123456789",
            SITE_URL: "https://news.example",
            // Retries through the real queue (tests/publish/queue-binding.test.ts) come back in 1 s, 3 s…
            PUBLISH_RETRY_SECONDS: "1",
            TEST_MIGRATIONS: migrations,
          },
        },
      }),
    ],
    resolve: {
      alias: {
        // src/cards/jpeg-encoder.ts imports libjpeg-turbo's wasm by its file path, which wrangler
        // needs (its wasm rule goes by the ".wasm" ending, and the package exports the file only
        // as "./wasm"); Vite honours the package's exports, so it is pointed at the same file.
        "@cornerstonejs/codec-libjpeg-turbo-8bit/dist/libjpegturbowasm.wasm": fileURLToPath(
          new URL("./node_modules/@cornerstonejs/codec-libjpeg-turbo-8bit/dist/libjpegturbowasm.wasm", import.meta.url),
        ),
      },
    },
    test: {
      include: ["tests/**/*.test.ts", "tests/**/*.test.tsx"],
      setupFiles: ["./tests/setup.ts"],
      // The property tests' seed and run count (tests/properties/): fixed by default so
      // `npm test` is repeatable, FC_SEED / FC_RUNS from the shell for a longer or other run.
      provide: {
        fcSeed: Number(process.env.FC_SEED ?? 20261201),
        fcRuns: process.env.FC_RUNS ? Number(process.env.FC_RUNS) : undefined,
      },
      // With the on-disk module cache, Vitest hands each new test worker its files' whole
      // import graph as one message, which the plugin inlines; past 1 MiB workerd refuses it
      // ("WebSocket protocol error … 1009 Message is too large", vitest 5.1 with
      // @cloudflare/vitest-plugin 1.5.0), and the app's graph is larger than that. Without the
      // cache, modules are fetched one by one.
      fsModuleCache: false,
      // sanitize-html is CommonJS with optional requires (postcss → source-map-js) that the
      // test runner's module loader cannot resolve; pre-bundling it mirrors what wrangler's
      // esbuild does for the deployed Worker.
      deps: { optimizer: { ssr: { enabled: true, include: ["sanitize-html", "open-graph-scraper-lite"] } } },
    },
  };
});
