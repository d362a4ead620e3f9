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
            TEST_MIGRATIONS: migrations,
          },
        },
      }),
    ],
    test: {
      include: ["tests/**/*.test.ts", "tests/**/*.test.tsx"],
      setupFiles: ["./tests/setup.ts"],
      // sanitize-html is CommonJS with optional requires (postcss → source-map-js) that the
      // test runner's module loader cannot resolve; pre-bundling it mirrors what wrangler's
      // esbuild does for the deployed Worker.
      deps: { optimizer: { ssr: { enabled: true, include: ["sanitize-html", "open-graph-scraper-lite"] } } },
    },
  };
});
