#!/usr/bin/env node
// `npm start`: local D1 migrated, demo content seeded when the database is empty, Herald
// served by `wrangler dev` on a fixed port, and the URLs to try printed. Safe to run again:
// existing data is kept.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { DEFAULT_URL, describeImport, importTextFile, resolveToken } from "./import.mjs";
import { ensureDevVars, waitForHealth, wrangler, wranglerEnv } from "./lib/local-worker.mjs";

const PORT = 8787;
const BASE = `http://localhost:${PORT}`;
// Where local D1/R2 data lives; HERALD_STATE_DIR points a run at another (empty) store.
const persist = ["--persist-to", process.env.HERALD_STATE_DIR ?? ".wrangler/state"];

/** @returns {number} */
function localArticleCount() {
  const out = wrangler(["d1", "execute", "DB", "--local", ...persist, "--json", "--command", "SELECT count(*) AS n FROM articles"]);
  return JSON.parse(out)[0].results[0].n;
}

async function main() {
  ensureDevVars();
  console.log("applying D1 migrations to the local database…");
  wrangler(["d1", "migrations", "apply", "DB", "--local", ...persist]);
  const existing = localArticleCount();

  const child = spawn(
    "wrangler",
    ["dev", "--port", String(PORT), "--ip", "127.0.0.1", ...persist, "--show-interactive-dev-session=false"],
    {
      env: wranglerEnv,
      stdio: ["ignore", "inherit", "inherit"],
    },
  );
  for (const signal of /** @type {const} */ (["SIGINT", "SIGTERM"])) process.on(signal, () => child.kill(signal));
  child.on("exit", (code) => process.exit(code ?? 0));

  await waitForHealth(BASE, child);

  const demo = JSON.parse(readFileSync("scripts/demo-content.json", "utf8"));
  if (existing === 0) {
    console.log("seeding the demo content…");
    const token = resolveToken();
    for (const item of demo) {
      const answer = await importTextFile({ ...item, url: DEFAULT_URL, token });
      console.log(describeImport(item.file, answer, BASE));
    }
  } else {
    console.log(`local database has ${existing} article(s); not seeding`);
  }

  console.log(`
Herald is running at ${BASE}
  Home:          ${BASE}/
  Demo article:  ${BASE}/articles/${demo[0].slug}
  Feeds:         ${BASE}/feed.xml  ${BASE}/atom.xml  ${BASE}/feed.json
  Sitemaps:      ${BASE}/sitemap.xml  ${BASE}/news-sitemap.xml
  Health:        ${BASE}/healthz
  Admin API:     ${BASE}/api/articles  (Authorization: Bearer <ADMIN_TOKEN from .dev.vars>)
  Editor's desk: ${BASE}/desk/  (sign in with ADMIN_TOKEN from .dev.vars)
Press Ctrl+C to stop.`);
}

main().catch((err) => {
  console.error(`npm start failed: ${err.message}`);
  process.exit(1);
});
