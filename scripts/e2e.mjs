#!/usr/bin/env node
// `npm run test:e2e`: Herald as a person sees it, in Debian's headless Chromium driven by
// playwright-core (never a downloaded browser). Starts Herald with the demo content, checks
// the home and article pages at phone and desktop sizes, the share bar, keyboard use, no
// JavaScript, axe-core at WCAG 2.2 AA, console errors and requests to other hosts, and saves
// screenshots and the card under docs/screenshots/. Then edge mode: `npm run demo:wordpress`
// (a real local WordPress-like origin with Herald in front) seen the same way. The editor's
// desk is checked in between (scripts/lib/desk-checks.mjs).
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { axeViolations, check, ensureChromium, failures, launchChromium, openPage, SHOTS, tabThrough, VIEWPORTS } from "./lib/browser.mjs";
import { checkDesk } from "./lib/desk-checks.mjs";
import { BASE, freshStateDir, removeStateDir, startHerald, stopHerald } from "./lib/herald-process.mjs";
import { LEAKED_POST_PATH, ORIGIN_CSP, PLAIN_POST_PATH } from "./lib/wordpress-origin.mjs";

/** @import { Browser, ViewportSize } from "playwright-core" */

const demo = JSON.parse(readFileSync("scripts/demo-content.json", "utf8"))[0];
const ARTICLE = `${BASE}/articles/${demo.slug}`;
const DEFAULT_NETWORKS = ["facebook", "x", "linkedin", "whatsapp", "telegram", "reddit", "bluesky", "threads", "mastodon", "email"];

/**
 * @param {Browser} browser
 * @param {string} name
 * @param {ViewportSize} viewport
 */
async function checkArticle(browser, name, viewport) {
  const { context, page, problems } = await openPage(browser, { viewport, permissions: ["clipboard-read", "clipboard-write"] });
  await page.goto(ARTICLE);
  check((await page.textContent("h1")) === demo.title, `${name}: headline`);
  check((await page.textContent(".meta .author")) === "Lauren Moye", `${name}: byline Lauren Moye`);
  check((await page.textContent(".meta time")) === "November 7, 2021", `${name}: date`);
  check((await page.locator(".body > p").count()) === 11, `${name}: all eleven paragraphs`);
  const text = await page.textContent("main");
  check(!/elfsight|\[elfsight|Leave a Reply|Required fields/i.test(text ?? ""), `${name}: no shortcode text and no comment-form residue`);
  check(
    await page.evaluate(() => document.querySelector(".body")?.firstElementChild?.matches("nav.hs") ?? false),
    `${name}: the share bar stands where the shortcode stood`,
  );
  const hrefs = await page.$$eval("nav.hs a", (links) => links.map((a) => a.getAttribute("href")));
  check(
    JSON.stringify(hrefs) === JSON.stringify(DEFAULT_NETWORKS.map((id) => `${BASE}/share/${demo.slug}/${id}`)),
    `${name}: every share link's href`,
  );

  // Copy link puts the canonical URL on the clipboard and says so.
  const copy = page.locator('button[data-hs="copy"]');
  check(await copy.isVisible(), `${name}: Copy link shows where the clipboard is available`);
  await copy.click();
  await page.waitForFunction(() => document.querySelector(".hs-live")?.textContent === "Link copied");
  check(
    (await page.evaluate(() => navigator.clipboard.readText())) === ARTICLE,
    `${name}: Copy link copies the canonical URL and announces it`,
  );

  // Keyboard only: every control is reached, each with a visible focus ring.
  const { controls, reached } = await tabThrough(page, "a[href], button:not([hidden])");
  check(reached.length >= controls, `${name}: Tab reaches all ${controls} controls (reached ${reached.length})`);
  check(
    reached.every((r) => r.ring),
    `${name}: every focused control shows a focus ring`,
  );
  check(problems.consoleErrors.length === 0, `${name}: no console errors ${problems.consoleErrors.join(" | ")}`);
  check(problems.foreignRequests.length === 0, `${name}: no request to another host ${problems.foreignRequests.join(" ")}`);
  await context.close();
}

/** @param {Browser} browser */
async function checkShareButton(browser) {
  const withShare = await openPage(browser, { viewport: VIEWPORTS.phone });
  await withShare.page.addInitScript(() => {
    Object.defineProperty(Navigator.prototype, "canShare", { value: () => true, configurable: true });
    Object.defineProperty(Navigator.prototype, "share", { value: async () => undefined, configurable: true });
  });
  await withShare.page.goto(ARTICLE);
  check(await withShare.page.locator('button[data-hs="share"]').isVisible(), "Share appears when navigator.share exists");
  await withShare.context.close();

  const without = await openPage(browser, { viewport: VIEWPORTS.desktop });
  await without.page.addInitScript(() => {
    Object.defineProperty(Navigator.prototype, "canShare", { value: undefined, configurable: true });
    Object.defineProperty(Navigator.prototype, "share", { value: undefined, configurable: true });
  });
  await without.page.goto(ARTICLE);
  check(!(await without.page.locator('button[data-hs="share"]').isVisible()), "Share stays hidden without navigator.share");
  await without.context.close();
}

/** @param {Browser} browser */
async function checkWithoutJavaScript(browser) {
  const { context, page } = await openPage(browser, { javaScriptEnabled: false });
  await page.goto(ARTICLE);
  check((await page.locator("nav.hs a:visible").count()) === DEFAULT_NETWORKS.length, "without JavaScript: every share link works");
  check((await page.locator("nav.hs button:visible").count()) === 0, "without JavaScript: the buttons stay hidden");
  await context.close();
}

/** @param {Browser} browser */
async function checkAccessibility(browser) {
  for (const scheme of /** @type {const} */ (["light", "dark"])) {
    for (const [label, url] of /** @type {const} */ ([
      ["home", `${BASE}/`],
      ["article", ARTICLE],
    ])) {
      // axe-core is injected as a script the page's CSP (rightly) does not allow.
      const { context, page } = await openPage(browser, { colorScheme: scheme, bypassCSP: true });
      await page.goto(url);
      const violations = await axeViolations(page);
      check(
        violations.length === 0,
        `axe-core WCAG 2.2 AA, ${label} (${scheme}): ${violations.length ? violations.join("; ") : "no violations"}`,
      );
      await context.close();
    }
  }
}

/** @param {Browser} browser */
async function saveScreenshots(browser) {
  mkdirSync(SHOTS, { recursive: true });
  for (const [device, viewport] of Object.entries(VIEWPORTS)) {
    for (const scheme of /** @type {const} */ (["light", "dark"])) {
      const { context, page } = await openPage(browser, { viewport, colorScheme: scheme, deviceScaleFactor: 1 });
      await page.goto(ARTICLE);
      await page.screenshot({ path: `${SHOTS}/article-${device}-${scheme}.png` });
      await context.close();
    }
  }
  const home = await openPage(browser, { viewport: VIEWPORTS.desktop });
  await home.page.goto(`${BASE}/`);
  await home.page.screenshot({ path: `${SHOTS}/home-desktop-light.png` });
  await home.context.close();
  const card = await fetch(`${BASE}/cards/${demo.slug}.png`);
  writeFileSync(`${SHOTS}/card.png`, new Uint8Array(await card.arrayBuffer()));
  console.log(`screenshots saved in ${SHOTS}/`);
}

const EDGE_BASE = "http://localhost:8788";

/**
 * Edge mode as a reader sees it: the WordPress theme as it was, the leaked shortcode and the
 * Elfsight embed replaced by the native bar, which works under the origin's own CSP (its
 * stylesheet applies and its script runs: a CSP refusal would be a console error).
 * @param {Browser} browser
 */
async function checkEdgeMode(browser) {
  const article = `${EDGE_BASE}${LEAKED_POST_PATH}`;
  const res = await fetch(article);
  check(res.headers.get("Content-Security-Policy") === ORIGIN_CSP, "edge mode: the origin's CSP is kept, Herald's not imposed");
  for (const [device, viewport] of Object.entries(VIEWPORTS)) {
    const { context, page, problems } = await openPage(browser, { viewport, deviceScaleFactor: 1 }, EDGE_BASE);
    await page.goto(article);
    const text = (await page.textContent(".entry-content")) ?? "";
    check(!/elfsight/i.test(text), `edge mode ${device}: no shortcode text in the post`);
    check((await page.locator("[class*=elfsight-app-]").count()) === 0, `edge mode ${device}: no Elfsight widget`);
    const bars = page.locator(".entry-content nav.hs");
    check((await bars.count()) === 2, `edge mode ${device}: a bar where the shortcode stood and one where the embed stood`);
    check(await bars.first().isVisible(), `edge mode ${device}: the bar is visible`);
    check(
      (await bars.first().evaluate((nav) => getComputedStyle(/** @type {Element} */ (nav.querySelector("ul"))).display)) === "flex",
      `edge mode ${device}: the bar's stylesheet applies under the origin's CSP`,
    );
    check(
      await page.locator('.entry-content nav.hs button[data-hs="copy"]').first().isVisible(),
      `edge mode ${device}: its script runs (Copy link shown)`,
    );
    const hrefs = await bars
      .first()
      .locator("a")
      .evaluateAll((links) => links.map((a) => a.getAttribute("href")));
    check(hrefs[0] === `${EDGE_BASE}/share/${demo.slug}/facebook`, `edge mode ${device}: counted share links for the synced article`);
    check(
      (await page.evaluate(() => getComputedStyle(document.body).backgroundColor)) === "rgb(209, 228, 221)",
      `edge mode ${device}: the theme's own stylesheet still applies`,
    );
    check(problems.consoleErrors.length === 0, `edge mode ${device}: no console errors ${problems.consoleErrors.join(" | ")}`);
    check(problems.foreignRequests.length === 0, `edge mode ${device}: no request to another host ${problems.foreignRequests.join(" ")}`);
    await page.screenshot({ path: `${SHOTS}/edge-wordpress-${device}.png` });
    await context.close();
  }
  const { context, page } = await openPage(browser, { viewport: VIEWPORTS.desktop }, EDGE_BASE);
  await page.goto(`${EDGE_BASE}${PLAIN_POST_PATH}`);
  const last = await page.evaluate(() => document.querySelector(".entry-content")?.lastElementChild?.matches("nav.hs") ?? false);
  check(last, "edge mode: a post without the shortcode gets the bar at the end of its content");
  await context.close();
}

ensureChromium();
const stateDir = freshStateDir();
const edgeStateDir = freshStateDir();
const herald = await startHerald(stateDir);
const browser = await launchChromium();
try {
  for (const [name, viewport] of Object.entries(VIEWPORTS)) await checkArticle(browser, name, viewport);
  await checkShareButton(browser);
  await checkWithoutJavaScript(browser);
  await checkAccessibility(browser);
  await saveScreenshots(browser);
  await checkDesk(browser, stateDir);
  await stopHerald(herald.child);
  const edge = await startHerald(edgeStateDir, { script: "demo:wordpress" });
  try {
    await checkEdgeMode(browser);
  } finally {
    await stopHerald(edge.child);
  }
} catch (err) {
  failures.push(String(err instanceof Error ? (err.stack ?? err) : err));
  console.error(err);
} finally {
  await browser.close();
  if (herald.child.exitCode === null) await stopHerald(herald.child).catch(() => undefined);
  removeStateDir(stateDir);
  removeStateDir(edgeStateDir);
}
if (failures.length) {
  console.error(`\n${failures.length} browser check(s) failed:\n- ${failures.join("\n- ")}`);
  process.exit(1);
}
console.log("\nall browser checks passed");
