// The editor's desk as staff see it, in Chromium: signing in and out, a wrong token, a forged
// CSRF token and an expired session refused; the article list; the share previews and lint of
// the demo article and of a deliberately bad one; the share charts with seeded counts; the
// publishing health page. Every page: axe-core WCAG 2.2 AA in light and dark, keyboard only,
// no console error (a CSP refusal is one) and no request to another host. Screenshots of the
// previews, lint and shares pages go to docs/screenshots/.
import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { resolveToken } from "../import.mjs";
import { axeViolations, check, openPage, SHOTS, tabThrough, VIEWPORTS } from "./browser.mjs";
import { BASE } from "./herald-process.mjs";
import { wrangler } from "./local-worker.mjs";

/** @import { Browser, Page } from "playwright-core" */

const DESK = `${BASE}/desk/`;
const demo = JSON.parse(readFileSync("scripts/demo-content.json", "utf8"))[0];
/** The deliberately bad article: no image, a 300-character headline, a draft. */
const BAD_SLUG = "desk-check-bad-article";
const BAD_TITLE = `${"A headline far too long for any share preview, ".repeat(7)}`.slice(0, 300);

/** Shares seeded per network over the last 90 days: a weekly rhythm, shifted and scaled per network. */
const SEEDED_NETWORKS = {
  x: { shift: 3, scale: 4 },
  whatsapp: { shift: 5, scale: 3 },
  facebook: { shift: 2, scale: 2 },
  linkedin: { shift: 1, scale: 1 },
};

/**
 * Share counts for the demo article, written into the local D1 while Herald runs (wrangler's
 * local D1 is one SQLite file; a write from another process is seen at once). A recursive CTE
 * makes 90 days per network: count = ((days ago + shift) mod 7) × scale, zeros left out.
 * @param {string} stateDir
 * @returns {Record<string, number>} the seeded total per network over the last 7 days
 */
function seedShareCounts(stateDir) {
  const rows = Object.entries(SEEDED_NETWORKS)
    .map(
      ([network, { shift, scale }]) =>
        `SELECT id, '${network}', date('now', '-' || n || ' days'), ((n + ${shift}) % 7) * ${scale} FROM articles, days WHERE slug = '${demo.slug}' AND (n + ${shift}) % 7 > 0`,
    )
    .join(" UNION ALL ");
  const sql = `WITH RECURSIVE days(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM days WHERE n < 89)
    INSERT INTO share_counts (article_id, network, day, count) ${rows}
    ON CONFLICT (article_id, network, day) DO UPDATE SET count = excluded.count`;
  wrangler(["d1", "execute", "DB", "--local", "--persist-to", stateDir, "--command", sql]);
  /** @type {Record<string, number>} */
  const lastWeek = {};
  for (const [network, { shift, scale }] of Object.entries(SEEDED_NETWORKS)) {
    lastWeek[network] = Array.from({ length: 7 }, (_, n) => ((n + shift) % 7) * scale).reduce((a, b) => a + b, 0);
  }
  return lastWeek;
}

/** @param {string} token */
async function putBadArticle(token) {
  const res = await fetch(`${BASE}/api/articles/${BAD_SLUG}`, {
    method: "PUT",
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    body: JSON.stringify({
      title: BAD_TITLE,
      status: "draft",
      publishedAt: "2026-11-30T08:00:00Z",
      authors: [{ name: "Desk Check" }],
      bodyHtml: '<h2>Another first heading</h2><p>Text.</p><p>[gallery ids="1,2"]</p>',
    }),
  });
  if (!res.ok) throw new Error(`PUT ${BAD_SLUG}: ${res.status} ${await res.text()}`);
}

/**
 * A session cookie signed with the desk's key but already expired: what a browser left open
 * past the shift would send (the format of Hono's signed cookies: value.base64(HMAC-SHA256)).
 * @param {string} token
 */
function expiredSessionCookie(token) {
  const secret = createHmac("sha256", token).update("herald desk session v1").digest();
  const value = `${"ab".repeat(32)}.${Math.floor(Date.now() / 1000) - 60}`;
  const signature = createHmac("sha256", secret).update(value).digest("base64");
  return encodeURIComponent(`${value}.${signature}`);
}

/**
 * Signs in through the form by keyboard only: Tab to the token field, type, Enter.
 * @param {Page} page
 * @param {string} token
 */
async function signInByKeyboard(page, token) {
  await page.goto(`${DESK}sign-in`);
  await page.keyboard.press("Tab"); // skip link
  await page.keyboard.press("Tab");
  check(await page.evaluate(() => document.activeElement?.id === "token"), "desk: Tab reaches the token field first");
  await page.keyboard.type(token);
  await Promise.all([page.waitForURL(DESK), page.keyboard.press("Enter")]);
}

/**
 * Tabs through the whole page: every visible control is reached, each with a focus ring.
 * @param {Page} page
 * @param {string} name
 */
async function checkKeyboard(page, name) {
  const { controls, reached } = await tabThrough(page, "a[href], button, input:not([type=hidden]), select, summary, [tabindex='0']");
  check(reached.length >= controls, `desk ${name}: Tab reaches all ${controls} controls (reached ${reached.length})`);
  const ringless = reached.filter((control) => !control.ring).map((control) => control.id);
  check(ringless.length === 0, `desk ${name}: every focused control shows a focus ring ${ringless.join(", ")}`);
}

/**
 * axe-core in light and dark on a signed-in page (axe is injected, which the CSP rightly refuses: bypassCSP).
 * @param {Browser} browser
 * @param {string} token
 * @param {[string, string][]} pages
 */
async function checkDeskAccessibility(browser, token, pages) {
  for (const scheme of /** @type {const} */ (["light", "dark"])) {
    const { context, page } = await openPage(browser, { colorScheme: scheme, bypassCSP: true });
    await signInByKeyboard(page, token);
    for (const [label, url] of pages) {
      await page.goto(url);
      const violations = await axeViolations(page);
      check(
        violations.length === 0,
        `desk axe-core WCAG 2.2 AA, ${label} (${scheme}): ${violations.length ? violations.join("; ") : "no violations"}`,
      );
    }
    await page.goto(`${DESK}sign-in`);
    await context.close();
  }
  const { context, page } = await openPage(browser, { bypassCSP: true });
  await page.goto(`${DESK}sign-in`);
  const violations = await axeViolations(page);
  check(violations.length === 0, `desk axe-core WCAG 2.2 AA, sign-in: ${violations.length ? violations.join("; ") : "no violations"}`);
  await context.close();
}

/**
 * @param {Browser} browser
 * @param {string} stateDir the running Herald's local store
 */
export async function checkDesk(browser, stateDir) {
  const token = resolveToken();
  await putBadArticle(token);
  const lastWeek = seedShareCounts(stateDir);

  const { context, page, problems } = await openPage(browser, { viewport: VIEWPORTS.desktop, deviceScaleFactor: 1 });

  // Not signed in: sent to the form.
  await page.goto(DESK);
  check(page.url() === `${DESK}sign-in`, "desk: a visitor without a session is sent to sign in");

  // A wrong token.
  await page.fill("#token", `${token}-wrong`);
  const wrong = await Promise.all([
    page.waitForResponse((r) => r.url() === `${DESK}sign-in` && r.request().method() === "POST"),
    page.click("button[type=submit]"),
  ]);
  check(wrong[0].status() === 401, "desk: a wrong token is refused (401)");
  check((await page.textContent("[role=alert]")) === "That is not the admin token.", "desk: the form says the token is wrong");

  // A forged CSRF token, with the right admin token.
  await page.evaluate(() => {
    const field = /** @type {HTMLInputElement} */ (document.querySelector("input[name=csrf]"));
    field.value = "0".repeat(64);
  });
  await page.fill("#token", token);
  const forged = await Promise.all([
    page.waitForResponse((r) => r.url() === `${DESK}sign-in` && r.request().method() === "POST"),
    page.click("button[type=submit]"),
  ]);
  check(forged[0].status() === 403, "desk: a sign-in with a forged CSRF token is refused (403)");
  check(
    (await context.cookies()).every((cookie) => cookie.name !== "herald_desk"),
    "desk: no session after the forged sign-in",
  );

  // An expired session: a correctly signed cookie past its expiry.
  await context.addCookies([{ name: "herald_desk", value: expiredSessionCookie(token), url: DESK, httpOnly: true, sameSite: "Strict" }]);
  await page.goto(DESK);
  check(page.url() === `${DESK}sign-in?expired=1`, "desk: an expired session is refused and sent to sign in again");
  check((await page.textContent(".note"))?.includes("Your session has ended") ?? false, "desk: the form says the session ended");

  // Signing in, by keyboard.
  await signInByKeyboard(page, token);
  check(page.url() === DESK, "desk: the admin token signs in");
  const session = (await context.cookies()).find((cookie) => cookie.name === "herald_desk");
  check(
    session?.httpOnly === true && session.sameSite === "Strict" && session.path === "/desk/",
    "desk: the session cookie is HttpOnly, SameSite=Strict, scoped to /desk/",
  );

  // The article list.
  const headlines = await page.$$eval("tbody tr td:first-child", (cells) => cells.map((cell) => cell.textContent));
  check(headlines.includes(demo.title) && headlines.includes(BAD_TITLE), "desk: the list holds the demo article and the draft");
  await page.selectOption("#status", "draft");
  await Promise.all([page.waitForURL(/status=draft/), page.click("form.filters button")]);
  check(
    JSON.stringify(await page.$$eval("tbody tr td:first-child", (cells) => cells.map((cell) => cell.textContent))) ===
      JSON.stringify([BAD_TITLE]),
    "desk: filtering by status shows only the draft",
  );
  await checkKeyboard(page, "article list");

  // A forged CSRF token on a signed-in form (sign out): refused, still signed in.
  await page.goto(DESK);
  await page.evaluate(() => {
    const field = /** @type {HTMLInputElement} */ (document.querySelector("header form input[name=csrf]"));
    field.value = "f".repeat(64);
  });
  const forgedOut = await Promise.all([page.waitForResponse((r) => r.url() === `${DESK}sign-out`), page.click("header form button")]);
  check(forgedOut[0].status() === 403, "desk: a form with a forged CSRF token is refused (403)");
  await page.goto(DESK);
  check(page.url() === DESK, "desk: still signed in after the refused form");

  await checkArticlePages(page);
  await checkSharesPage(page, lastWeek);
  await checkHealthPage(page);

  // Signing out.
  await Promise.all([page.waitForURL(/sign-in\?signed-out=1/), page.click("header form button")]);
  await page.goto(DESK);
  check(page.url() === `${DESK}sign-in`, "desk: signed out, the desk sends back to sign in");

  // The refusals above are meant: the browser logs each 401 and 403 answer as a failed load.
  const errors = problems.consoleErrors.filter(
    (error) => !/^Failed to load resource: the server responded with a status of 40[13]\b/.test(error),
  );
  check(errors.length === 0, `desk: no console errors (a CSP refusal would be one) ${errors.join(" | ")}`);
  check(problems.foreignRequests.length === 0, `desk: no request to another host ${problems.foreignRequests.join(" ")}`);
  await context.close();

  await checkDeskAccessibility(browser, token, [
    ["article list", DESK],
    ["previews and lint, demo article", `${DESK}articles/${demo.slug}`],
    ["previews and lint, bad article", `${DESK}articles/${BAD_SLUG}`],
    ["shares", `${DESK}shares?days=7`],
    ["article shares", `${DESK}articles/${demo.slug}/shares`],
    ["publishing health", `${DESK}health`],
  ]);
}

const PLATFORMS = ["facebook", "x", "linkedin", "slack", "discord", "whatsapp", "telegram", "imessage", "mastodon", "bluesky"];

/** @param {Page} page */
async function checkArticlePages(page) {
  await page.goto(`${DESK}articles/${demo.slug}`);
  await page.waitForFunction(() => [...document.images].every((img) => img.complete));
  check((await page.textContent("h1")) === demo.title, "desk previews: the demo article's page");
  const platforms = await page.$$eval("li.preview", (items) => items.map((item) => item.getAttribute("data-platform")));
  check(JSON.stringify(platforms) === JSON.stringify(PLATFORMS), `desk previews: ten platforms side by side (${platforms.join(", ")})`);
  check(
    (await page.textContent("#previews-heading + .note"))?.startsWith("Approximations") ?? false,
    "desk previews: labelled as approximations",
  );
  const images = await page.$$eval("li.preview img", (imgs) =>
    imgs.map((img) => ({ src: img.getAttribute("src") ?? "", loaded: /** @type {HTMLImageElement} */ (img).naturalWidth === 1200 })),
  );
  check(
    images.length === PLATFORMS.length && images.every((img) => img.src.startsWith(`/desk/articles/${demo.slug}/card`) && img.loaded),
    "desk previews: every preview shows the article's 1200-px card, from the desk itself",
  );
  const slack = (await page.textContent("li.preview-slack")) ?? "";
  check(slack.includes("Written by") && slack.includes("Lauren Moye"), 'desk previews: Slack shows "Written by Lauren Moye"');
  const xTitle = (await page.textContent("li.preview-x .title")) ?? "";
  check(
    demo.title.startsWith(xTitle.replace(/…$/, "")) && xTitle.length <= 71,
    `desk previews: X's headline, cut where X cuts it ("${xTitle}")`,
  );
  await page.screenshot({ path: `${SHOTS}/desk-previews.png`, fullPage: true });

  await page.goto(`${DESK}articles/${BAD_SLUG}`);
  const findings = await page.$$eval("[data-finding]", (items) => items.map((item) => item.getAttribute("data-finding") ?? ""));
  for (const expected of ["no-lead-image", "headline-cut-x", "headline-cut-facebook", "title-differs-from-heading", "ingest-shortcode"]) {
    check(findings.includes(expected), `desk lint, bad article: ${expected}`);
  }
  const facebookTitle = (await page.textContent("li.preview-facebook .title")) ?? "";
  check(
    facebookTitle.endsWith("…") && facebookTitle.length < BAD_TITLE.length,
    "desk previews, bad article: the 300-character headline is cut, with an ellipsis",
  );
  await page.waitForFunction(() => [...document.images].every((img) => img.complete));
  check(
    (await page.$$eval(
      "li.preview img",
      (imgs) => imgs.filter((img) => /** @type {HTMLImageElement} */ (img).naturalWidth === 1200).length,
    )) === PLATFORMS.length,
    "desk previews, bad article: the text card stands in for the missing photo in every preview",
  );
  await page.screenshot({ path: `${SHOTS}/desk-lint.png`, fullPage: true });
  await checkKeyboard(page, "previews and lint");
}

/**
 * @param {Page} page
 * @param {Record<string, number>} lastWeek
 */
async function checkSharesPage(page, lastWeek) {
  await page.goto(`${DESK}shares?days=7`);
  check((await page.locator("svg[role=img]").count()) === 2, "desk shares: a line chart per day and a bar chart per network");
  const descs = await page.$$eval("svg[role=img] desc", (nodes) => nodes.map((node) => node.textContent ?? ""));
  const total = Object.values(lastWeek).reduce((a, b) => a + b, 0);
  check(
    descs.some((desc) => desc.includes(`${total}`)),
    `desk shares: the charts' text summary gives the total (${total})`,
  );
  const footer = await page.$$eval("table.share-days thead th", (cells) => cells.map((cell) => cell.textContent?.trim()));
  const totals = await page.$$eval("table.share-days tfoot td", (cells) => cells.map((cell) => Number(cell.textContent)));
  /** @type {Record<string, number>} */
  const shown = {};
  footer.slice(1, -1).forEach((label, i) => {
    shown[String(label).toLowerCase()] = totals[i] ?? -1;
  });
  const expected = { x: lastWeek.x, whatsapp: lastWeek.whatsapp, facebook: lastWeek.facebook, linkedin: lastWeek.linkedin };
  check(
    Object.entries(expected).every(([network, n]) => shown[network] === n) && totals.at(-1) === total,
    `desk shares: the table's totals are the seeded counts (${JSON.stringify(shown)} vs ${JSON.stringify(expected)})`,
  );
  const csv = await page.request.get(`${DESK}shares.csv?days=7`);
  const lines = (await csv.text()).trim().split("\r\n");
  const csvTotal = lines.slice(1).reduce((sum, line) => sum + Number(line.split(",").at(-1)), 0);
  check(
    csv.status() === 200 && lines[0] === "day,article,network,shares" && csvTotal === total,
    `desk shares: the CSV holds the same ${total} shares`,
  );
  await page.screenshot({ path: `${SHOTS}/desk-shares.png`, fullPage: true });
  await checkKeyboard(page, "shares");
}

/** @param {Page} page */
async function checkHealthPage(page) {
  await page.goto(`${DESK}health`);
  check((await page.textContent("h1")) === "Publishing health", "desk health: the page");
  const parses = await page.locator("text=parses").count();
  check(parses >= 3, `desk health: the site's three feeds parse (${parses} feeds say so)`);
  await checkKeyboard(page, "publishing health");
  // Purge the demo article's caches with the button: the page confirms it.
  await Promise.all([
    page.waitForURL(/done=purge/),
    page.click(`button[aria-label="Purge caches for ${demo.title.replace(/"/g, '\\"')}"]`),
  ]);
  check(
    (await page.textContent("[role=status]"))?.includes(demo.title) ?? false,
    "desk health: purging an article's caches says it was done",
  );
  await page.screenshot({ path: `${SHOTS}/desk-health.png`, fullPage: true });
}
