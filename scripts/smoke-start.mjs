#!/usr/bin/env node
// CI check of the first command a new user runs: `npm start` twice. The first run must
// migrate, seed and serve the demo article; the second must keep the data and not re-seed.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const demo = JSON.parse(readFileSync("scripts/demo-content.json", "utf8"))[0];
const articleUrl = `http://localhost:8787/articles/${demo.slug}`;
// A store of its own, so the check starts empty even where a developer has local data.
const stateDir = mkdtempSync(join(tmpdir(), "herald-smoke-"));

function startHerald() {
  return new Promise((resolve, reject) => {
    const child = spawn("npm", ["start"], {
      stdio: ["ignore", "pipe", "inherit"],
      detached: true,
      env: { ...process.env, HERALD_STATE_DIR: stateDir },
    });
    let output = "";
    const timer = setTimeout(() => reject(new Error(`npm start printed no URLs within 120 s:\n${output}`)), 120_000);
    child.stdout.on("data", (chunk) => {
      output += chunk;
      if (output.includes("Press Ctrl+C to stop.")) {
        clearTimeout(timer);
        resolve({ child, output });
      }
    });
    child.on("exit", (code) => reject(new Error(`npm start exited early (${code}):\n${output}`)));
  });
}

function stop(child) {
  return new Promise((resolve) => {
    child.removeAllListeners("exit");
    child.on("exit", resolve);
    process.kill(-child.pid, "SIGTERM");
  });
}

function check(condition, message) {
  if (!condition) throw new Error(`smoke check failed: ${message}`);
  console.log(`ok: ${message}`);
}

const first = await startHerald();
try {
  check(first.output.includes(`created: ${demo.slug}`), "first npm start seeds the demo article");
  check(first.output.includes(articleUrl), "npm start prints the demo article's URL");
  const page = await (await fetch(articleUrl)).text();
  check(page.includes("Lauren Moye"), "the article shows the byline Lauren Moye");
  check((page.match(/<p>/g) ?? []).length >= 11, "the article has its eleven paragraphs");
  check(!/elfsight|Leave a Reply/.test(page), "no shortcode text and no comment-form residue");
  const feed = await fetch("http://localhost:8787/feed.xml");
  check(feed.headers.get("content-type") === "application/rss+xml; charset=utf-8", "the RSS feed is served");
  check((await feed.text()).includes(`/articles/${demo.slug}</link>`), "the RSS feed carries the demo article");
} finally {
  await stop(first.child);
}

const second = await startHerald();
try {
  check(second.output.includes("not seeding"), "a second npm start keeps existing data");
  check((await fetch(articleUrl)).status === 200, "the demo article is still served");
} finally {
  await stop(second.child);
}

rmSync(stateDir, { recursive: true, force: true });
