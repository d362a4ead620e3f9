#!/usr/bin/env node
// CI check of the first command a new user runs: `npm start` twice. The first run must
// migrate, seed and serve the demo article; the second must keep the data and not re-seed,
// and then takes a WordPress export through `npm run import` as a migrating user would.
import { readFileSync } from "node:fs";
import { BASE, freshStateDir, removeStateDir, startHerald, stopHerald } from "./lib/herald-process.mjs";
import { checkWordPressImport } from "./lib/wxr-import-check.mjs";

const demo = JSON.parse(readFileSync("scripts/demo-content.json", "utf8"))[0];
const articleUrl = `${BASE}/articles/${demo.slug}`;
// A store of its own, so the check starts empty even where a developer has local data.
const stateDir = freshStateDir();

/**
 * @param {boolean} condition
 * @param {string} message
 */
function check(condition, message) {
  if (!condition) throw new Error(`smoke check failed: ${message}`);
  console.log(`ok: ${message}`);
}

const first = await startHerald(stateDir);
try {
  check(first.output.includes(`created: ${demo.slug}`), "first npm start seeds the demo article");
  check(first.output.includes(articleUrl), "npm start prints the demo article's URL");
  const page = await (await fetch(articleUrl)).text();
  check(page.includes("Lauren Moye"), "the article shows the byline Lauren Moye");
  check((page.match(/<p>/g) ?? []).length >= 11, "the article has its eleven paragraphs");
  check(!/elfsight|Leave a Reply/.test(page), "no shortcode text and no comment-form residue");
  const feed = await fetch(`${BASE}/feed.xml`);
  check(feed.headers.get("content-type") === "application/rss+xml; charset=utf-8", "the RSS feed is served");
  check((await feed.text()).includes(`/articles/${demo.slug}</link>`), "the RSS feed carries the demo article");
} finally {
  await stopHerald(first.child);
}

const second = await startHerald(stateDir);
try {
  check(second.output.includes("not seeding"), "a second npm start keeps existing data");
  check((await fetch(articleUrl)).status === 200, "the demo article is still served");
  await checkWordPressImport(BASE, check);
} finally {
  await stopHerald(second.child);
}

removeStateDir(stateDir);
