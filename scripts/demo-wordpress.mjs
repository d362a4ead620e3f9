#!/usr/bin/env node
// `npm run demo:wordpress`: edge mode in one command. A small local WordPress stand-in (theme
// HTML with the leaked Elfsight shortcode and embed) on one port, Herald in edge mode in front
// of it on another, the seed article known to Herald by its permalink, and the URLs printed.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { resolveToken } from "./import.mjs";
import { ensureDevVars, waitForHealth, wrangler, wranglerEnv } from "./lib/local-worker.mjs";
import { LEAKED_POST_PATH, ORIGIN_PORT, PLAIN_POST_PATH, startWordPressOrigin } from "./lib/wordpress-origin.mjs";

const PORT = 8788;
const BASE = `http://localhost:${PORT}`;
const ORIGIN = `http://127.0.0.1:${ORIGIN_PORT}`;
// A store of its own, so the demo never mixes with `npm start`'s articles.
const persist = ["--persist-to", process.env.HERALD_STATE_DIR ?? ".wrangler/demo-wordpress"];
const demo = JSON.parse(readFileSync("scripts/demo-content.json", "utf8"))[0];

/**
 * The seed article as a synced WordPress post would arrive: Herald then knows the page by its
 * permalink and gives it its own card and counted share links.
 * @param {string} token
 */
async function syncSeedArticle(token) {
  const response = await fetch(`${BASE}/api/articles/${demo.slug}`, {
    method: "PUT",
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    body: JSON.stringify({
      id: "wp:localhost:4211",
      title: demo.title,
      publishedAt: "2021-11-07T14:05:00Z",
      section: demo.section,
      tags: demo.tags,
      canonicalUrl: `${BASE}${LEAKED_POST_PATH}`,
      bodyText: readFileSync(demo.file, "utf8"),
      source: { kind: "wordpress", ref: "4211" },
    }),
  });
  if (!response.ok) throw new Error(`storing the seed article failed: ${response.status} ${await response.text()}`);
}

async function main() {
  ensureDevVars();
  console.log("applying D1 migrations to the demo's local database…");
  wrangler(["d1", "migrations", "apply", "DB", "--local", ...persist]);

  const origin = await startWordPressOrigin({ publicUrl: BASE });
  const child = spawn(
    "wrangler",
    [
      "dev",
      ...["--port", String(PORT), "--ip", "127.0.0.1", "--inspector-port", "9230"],
      ...["--var", `SITE_URL:${BASE}`, "--var", `ORIGIN_URL:${ORIGIN}`],
      ...persist,
      "--show-interactive-dev-session=false",
    ],
    { env: wranglerEnv, stdio: ["ignore", "inherit", "inherit"] },
  );
  const stop = (/** @type {NodeJS.Signals} */ signal) => {
    origin.close();
    child.kill(signal);
  };
  for (const signal of /** @type {const} */ (["SIGINT", "SIGTERM"])) process.on(signal, () => stop(signal));
  child.on("exit", (code) => {
    origin.close();
    process.exit(code ?? 0);
  });

  await waitForHealth(BASE, child);
  await syncSeedArticle(resolveToken());

  console.log(`
A WordPress-like origin is running at ${ORIGIN}, and Herald in edge mode in front of it at ${BASE}
  The leaked shortcode, as WordPress serves it:  ${ORIGIN}${LEAKED_POST_PATH}
  The same page through Herald (native bar):     ${BASE}${LEAKED_POST_PATH}
  A post Herald does not hold (bar at the end):  ${BASE}${PLAIN_POST_PATH}
  The origin's feed, shortcode removed:          ${BASE}/feed/
  Herald's card for the synced article:          ${BASE}/cards/${demo.slug}.png
  Compare the tags:  curl -s ${BASE}${LEAKED_POST_PATH} | grep -E 'og:|twitter:|ld\\+json'
Press Ctrl+C to stop.`);
}

main().catch((err) => {
  console.error(`npm run demo:wordpress failed: ${err.message}`);
  process.exit(1);
});
