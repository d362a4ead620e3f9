#!/usr/bin/env node
// Imports articles through Herald's admin API, so they take exactly the path any other
// client's articles take: scraped plain-text articles (byline first line, blank-line
// paragraphs), and WordPress exports (WXR), recognised by their content.
//
//   npm run import -- FILE... [--title T] [--date 2021-11-07|now] [--slug S]
//                    [--section S] [--tags a,b] [--url http://localhost:8787] [--token T]
//   npm run import -- export.xml [--dry-run] [--url http://localhost:8787] [--token T]
import { existsSync, readFileSync } from "node:fs";
import { basename } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs, parseEnv } from "node:util";
// Node 22 runs this TypeScript file directly (type stripping): one slug rule for CLI and API.
import { slugFromName } from "../src/articles/slug.ts";
import { describeSummary, importWordPressExport, isWordPressExport } from "./lib/wxr-import.mjs";

export const DEFAULT_URL = "http://localhost:8787";

/**
 * One scraped text file and where it goes. Title and date are optional here only so that a
 * missing one is reported with the file's name and the flag to pass.
 * @typedef {object} TextImport
 * @property {string} file
 * @property {string} [title]
 * @property {string} [date] YYYY-MM-DD, or "now" for the import time
 * @property {string} [slug] derived from the title when absent
 * @property {string} [section]
 * @property {string[]} [tags]
 * @property {string} [url] Herald's origin
 * @property {string} token
 */

/**
 * The part of the admin API's PUT answer this script reads.
 * @typedef {object} ImportAnswer
 * @property {{ id: string, slug: string, authors: { name: string }[] }} article
 * @property {boolean} created
 * @property {boolean} changed
 * @property {number} sharePlaceholders
 * @property {string} [publication]
 * @property {string[]} [warnings]
 */

/**
 * The admin API's error answer.
 * @typedef {object} ErrorAnswer
 * @property {string} error
 * @property {(string | { field: string, message: string })[]} [details]
 */

/**
 * --token, then the ADMIN_TOKEN environment variable, then .dev.vars.
 * @param {string} [explicit]
 * @returns {string}
 */
export function resolveToken(explicit) {
  if (explicit) return explicit;
  if (process.env.ADMIN_TOKEN) return process.env.ADMIN_TOKEN;
  if (existsSync(".dev.vars")) {
    const token = parseEnv(readFileSync(".dev.vars", "utf8")).ADMIN_TOKEN;
    if (token) return token;
  }
  throw new Error("no admin token: pass --token, set ADMIN_TOKEN, or create .dev.vars (see .dev.vars.example)");
}

/**
 * Sends one scraped text file to PUT /api/articles/:slug and returns the API's answer.
 * @param {TextImport} textImport
 * @returns {Promise<ImportAnswer>}
 */
export async function importTextFile({ file, title, date, slug, section, tags = [], url = DEFAULT_URL, token }) {
  if (!title) throw new Error(`${file}: a title is required (--title); scraped text has none`);
  if (!date) throw new Error(`${file}: a date is required (--date 2021-11-07, or --date now for the import time)`);
  const publishedAt = date === "now" ? new Date().toISOString() : date;
  const articleSlug = slug ?? slugFromName(title);
  const body = {
    title,
    publishedAt,
    bodyText: readFileSync(file, "utf8"),
    source: { kind: "text", ref: basename(file) },
    ...(section ? { section } : {}),
    ...(tags.length ? { tags } : {}),
  };
  // Encoded as Herald's own URLs are: a Unicode slug as UTF-8, and a --slug with "/" or "?" stays one path segment.
  const response = await fetch(`${url}/api/articles/${encodeURIComponent(articleSlug)}`, {
    method: "PUT",
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  const answer = await response.json().catch(() => ({ error: `HTTP ${response.status}`, details: [] }));
  if (!response.ok) {
    const failure = /** @type {ErrorAnswer} */ (answer);
    const details = (failure.details ?? []).map((d) => (typeof d === "string" ? d : `${d.field}: ${d.message}`));
    throw new Error(`${file}: ${response.status} ${failure.error}${details.length ? `\n  - ${details.join("\n  - ")}` : ""}`);
  }
  return /** @type {ImportAnswer} */ (answer);
}

/**
 * One line per stored article, then one per warning, for a person reading the terminal.
 * @param {string} file
 * @param {ImportAnswer} answer
 * @param {string} [url]
 * @returns {string}
 */
export function describeImport(file, answer, url = DEFAULT_URL) {
  const { article } = answer;
  const state = answer.created ? "created" : answer.changed ? "updated" : "unchanged";
  const lines = [
    `${state}: ${article.slug} (id ${article.id}) by ${article.authors.map((a) => a.name).join(", ")}`,
    `  from ${file}, ${answer.sharePlaceholders} share placeholder(s)${answer.publication ? `, byline publication "${answer.publication}"` : ""}`,
    `  ${url}/articles/${encodeURIComponent(article.slug)}`,
  ];
  for (const warning of answer.warnings ?? []) lines.push(`  warning: ${warning}`);
  return lines.join("\n");
}

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      title: { type: "string" },
      date: { type: "string" },
      slug: { type: "string" },
      section: { type: "string" },
      tags: { type: "string" },
      url: { type: "string", default: DEFAULT_URL },
      token: { type: "string" },
      "dry-run": { type: "boolean", default: false },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help || positionals.length === 0) {
    console.log(
      [
        "usage: npm run import -- FILE... --title TITLE --date YYYY-MM-DD|now [--slug S] [--section S] [--tags a,b] [--url URL] [--token T]",
        "       npm run import -- EXPORT.xml [--dry-run] [--url URL] [--token T]   (a WordPress export, WXR 1.1/1.2)",
      ].join("\n"),
    );
    process.exit(values.help ? 0 : 2);
  }
  if (positionals.length > 1 && (values.title || values.slug)) {
    throw new Error("--title and --slug name one article: import one file at a time with them");
  }
  const token = resolveToken(values.token);
  const url = values.url.replace(/\/+$/, "");
  const tags = values.tags
    ? values.tags
        .split(",")
        .map((t) => t.trim())
        .filter(Boolean)
    : [];
  const textOnly = ["title", "date", "slug", "section", "tags"].filter((flag) => values[/** @type {"title"} */ (flag)] !== undefined);
  let failed = 0;
  for (const file of positionals) {
    try {
      if (isWordPressExport(file)) {
        if (textOnly.length)
          throw new Error(`${file} is a WordPress export, which names its own posts: --${textOnly.join(", --")} are for text files`);
        const summary = await importWordPressExport({ file, url, token, dryRun: values["dry-run"] });
        console.log(describeSummary(file, summary, values["dry-run"]));
        if (summary.failed.length || summary.stopped) failed++;
        continue;
      }
      if (values["dry-run"]) throw new Error(`${file}: --dry-run is for WordPress exports; a text file is imported as it is`);
      const answer = await importTextFile({
        file,
        title: values.title,
        date: values.date,
        slug: values.slug,
        section: values.section,
        tags,
        url,
        token,
      });
      console.log(describeImport(file, answer, url));
    } catch (err) {
      failed++;
      console.error(`error: ${err instanceof Error ? err.message : err}`);
    }
  }
  process.exit(failed ? 1 : 0);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    console.error(`error: ${err.message}`);
    process.exit(1);
  });
}
