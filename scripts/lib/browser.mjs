// What every browser check shares: Debian's Chromium (installed with apt when missing), a
// page that records console errors and requests to other hosts, axe-core at WCAG 2.2 AA, and
// the list of failed checks.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";
import { BASE } from "./herald-process.mjs";

/** @import { Browser, BrowserContextOptions, Page } from "playwright-core" */

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const SHOTS = "docs/screenshots";
export const VIEWPORTS = { phone: { width: 390, height: 844 }, desktop: { width: 1366, height: 768 } };
const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** Debian's Chromium, installed with apt when it is missing and this user may install it. */
export function ensureChromium() {
  if (existsSync(CHROMIUM)) return;
  console.log(`${CHROMIUM} not found; installing Debian's chromium package…`);
  try {
    execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit" });
    execFileSync("apt-get", ["install", "-y", "-qq", "chromium"], {
      stdio: "inherit",
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    });
  } catch (err) {
    throw new Error(
      `Chromium is needed at ${CHROMIUM} (Debian package "chromium") and could not be installed: ${err instanceof Error ? err.message : err}`,
    );
  }
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is still missing at ${CHROMIUM} after apt-get install chromium`);
}

/** @type {string[]} */
export const failures = [];
/**
 * @param {boolean} condition
 * @param {string} message
 */
export function check(condition, message) {
  console.log(`${condition ? "ok" : "FAIL"}: ${message}`);
  if (!condition) failures.push(message);
}

/**
 * A page that records console errors and every request to a host other than Herald's.
 * @param {Browser} browser
 * @param {BrowserContextOptions} [options]
 * @param {string} [base] Herald's address for this run
 */
export async function openPage(browser, options = {}, base = BASE) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  /** @type {{ consoleErrors: string[], foreignRequests: string[] }} */
  const problems = { consoleErrors: [], foreignRequests: [] };
  page.on("console", (message) => message.type() === "error" && problems.consoleErrors.push(message.text()));
  page.on("pageerror", (error) => problems.consoleErrors.push(String(error)));
  page.on("request", (request) => {
    if (!request.url().startsWith(base) && !request.url().startsWith("data:")) problems.foreignRequests.push(request.url());
  });
  return { context, page, problems };
}

/**
 * @param {Page} page
 * @returns {Promise<string[]>}
 */
export async function axeViolations(page) {
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(() =>
    /** @type {typeof globalThis & { axe: typeof import("axe-core") }} */ (globalThis).axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] },
    }),
  );
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
}

/** Debian's Chromium, headless, without its background traffic (which would count as requests to other hosts). */
export function launchChromium() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/**
 * Presses Tab through the page from the top, as a keyboard user would: how many visible
 * controls `selector` finds, and each distinct control reached, with whether it showed a focus
 * ring (an outline of at least 2 px).
 * @param {Page} page
 * @param {string} selector
 * @returns {Promise<{ controls: number, reached: { id: string, ring: boolean }[] }>}
 */
export async function tabThrough(page, selector) {
  await page.evaluate(() => document.activeElement instanceof HTMLElement && document.activeElement.blur());
  const controls = await page.$$eval(
    selector,
    (/** @type {HTMLElement[]} */ elements) => elements.filter((e) => e.offsetParent !== null).length,
  );
  /** @type {{ id: string, ring: boolean }[]} */
  const reached = [];
  for (let i = 0; i < controls + 2; i++) {
    await page.keyboard.press("Tab");
    const focus = await page.evaluate(() => {
      const e = document.activeElement;
      if (!e || e === document.body) return null;
      const style = getComputedStyle(e);
      // Its place in the document tells two links to the same address apart, and a second lap from the top finds the same ids.
      const place = Array.prototype.indexOf.call(document.querySelectorAll("*"), e);
      const name = e.getAttribute("href") ?? e.getAttribute("data-hs") ?? e.textContent?.trim();
      return { id: `${place}:${e.tagName}:${name}`, ring: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2 };
    });
    if (focus && !reached.some((r) => r.id === focus.id)) reached.push(focus);
  }
  return { controls, reached };
}
