// Imports a WordPress export (WXR) through Herald's admin API: the file streamed, never held
// whole, each published post sent as it is read, everything else counted by why it was skipped.
import { closeSync, createReadStream, openSync, readSync, statSync } from "node:fs";
import { WxrReader } from "../../src/edge/wordpress/wxr.ts";
import { articleFromWxrItem, attachmentOf } from "../../src/edge/wordpress/wxr-article.ts";
import { openCheckpoint } from "./import-checkpoint.mjs";
import { createProgressBar } from "./progress-bar.mjs";

/** @import { WxrItem } from "../../src/edge/wordpress/wxr.ts" */
/** @import { WxrAttachment, WordPressArticleBody } from "../../src/edge/wordpress/wxr-article.ts" */
/** @import { DoneOutcome } from "./import-checkpoint.mjs" */

/** WordPress writes a comment block of about 1 KB before the <rss> element; 8 KB leaves room. */
const SNIFF_BYTES = 8192;
/** Failures named one by one in the summary line; all of them are printed as they happen. */
const SUMMARY_FAILURES = 20;

/**
 * Whether `file` is a WordPress export, by its content: an RSS document that declares a
 * WordPress export namespace (WXR 1.0–1.2), whatever the file is called.
 * @param {string} file
 * @returns {boolean}
 */
export function isWordPressExport(file) {
  const fd = openSync(file, "r");
  try {
    const head = Buffer.alloc(SNIFF_BYTES);
    const read = readSync(fd, head, 0, SNIFF_BYTES, 0);
    const text = head.subarray(0, read).toString("utf8");
    return /<rss[\s>]/.test(text) && text.includes("http://wordpress.org/export/1.");
  } finally {
    closeSync(fd);
  }
}

/**
 * Streams the export through the WXR reader, calling `onItem` for each item in file order.
 * @param {string} file
 * @param {WxrReader} reader
 * @param {(item: WxrItem) => Promise<void> | void} onItem
 * @param {(bytesRead: number) => void} onBytes
 */
async function forEachItem(file, reader, onItem, onBytes) {
  let bytesRead = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: 64 * 1024 })) {
    bytesRead += chunk.length;
    onBytes(bytesRead);
    for (const item of reader.push(chunk)) await onItem(item);
  }
  for (const item of reader.end()) await onItem(item);
}

/**
 * A post names its featured image by attachment id, and WordPress writes attachments in id
 * order, so one uploaded after the post was written comes later in the file. A first pass
 * collects only attachment id → URL and alt (a few hundred bytes each), which keeps memory
 * flat however many posts wait for a later attachment; queueing those posts instead would
 * hold their whole bodies until the end.
 * @param {string} file
 * @param {(bytesRead: number) => void} onBytes
 * @returns {Promise<Map<string, WxrAttachment>>}
 */
async function collectAttachments(file, onBytes) {
  /** @type {Map<string, WxrAttachment>} */
  const attachments = new Map();
  await forEachItem(
    file,
    new WxrReader(),
    (item) => {
      const found = attachmentOf(item);
      if (found) attachments.set(found.id, found.attachment);
    },
    onBytes,
  );
  return attachments;
}

/** An answer that means no post can get through: stop instead of failing every one. */
class ImportStopped extends Error {}

/**
 * @param {Response} response
 * @returns {Promise<string>}
 */
async function describeRefusal(response) {
  const answer = /** @type {{ error?: string, details?: (string | { field: string, message: string })[] }} */ (
    await response.json().catch(() => ({}))
  );
  const details = (answer.details ?? []).map((d) => (typeof d === "string" ? d : `${d.field}: ${d.message}`));
  return `${response.status} ${answer.error ?? response.statusText}${details.length ? ` (${details.join("; ")})` : ""}`;
}

/**
 * @param {string} url
 * @param {RequestInit} init
 * @returns {Promise<Response>}
 */
async function adminFetch(url, init) {
  let response;
  try {
    response = await fetch(url, init);
  } catch (err) {
    const cause = err instanceof Error && err.cause instanceof Error ? err.cause : err;
    throw new ImportStopped(`cannot reach Herald at ${url}: ${cause instanceof Error ? cause.message : cause}`);
  }
  // A wrong token or a Herald without one refuses every post alike.
  if (response.status === 401 || response.status === 503) throw new ImportStopped(`${url}: ${await describeRefusal(response)}`);
  return response;
}

/**
 * @typedef {object} Target
 * @property {string} url Herald's origin
 * @property {string} token
 */

/**
 * PUTs one article; what it did, or throws with the API's reason.
 * @param {Target} target
 * @param {string} slug
 * @param {WordPressArticleBody} body
 * @returns {Promise<DoneOutcome>}
 */
async function putArticle({ url, token }, slug, body) {
  const response = await adminFetch(`${url}/api/articles/${encodeURIComponent(slug)}`, {
    method: "PUT",
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(await describeRefusal(response));
  const answer = /** @type {{ created: boolean, changed: boolean }} */ (await response.json());
  return answer.created ? "created" : answer.changed ? "updated" : "unchanged";
}

/**
 * A dry run asks what is at the slug without writing: nothing (would create), this same
 * article (exists: an update or no change, which only the server's sanitiser can tell), or
 * another article or a deleted one (the PUT would be refused).
 * @param {Target} target
 * @param {string} slug
 * @param {WordPressArticleBody} body
 * @returns {Promise<"would create" | "exists">}
 */
async function previewArticle({ url, token }, slug, body) {
  const response = await adminFetch(`${url}/api/articles/${encodeURIComponent(slug)}`, { headers: { Authorization: `Bearer ${token}` } });
  if (response.status === 404) return "would create";
  if (!response.ok) throw new Error(await describeRefusal(response));
  const stored = /** @type {{ id: string, status: string }} */ (await response.json());
  if (stored.id !== body.id) throw new Error(`would be refused: /articles/${slug} belongs to article ${stored.id}, not ${body.id}`);
  if (stored.status === "deleted") throw new Error(`would be refused: article ${stored.id} was deleted in Herald`);
  return "exists";
}

/**
 * @typedef {object} ImportSummary
 * @property {Record<DoneOutcome | "would create" | "exists", number>} counts
 * @property {Map<string, number>} skipped by reason
 * @property {{ postId: string, reason: string }[]} failed
 * @property {number} resumed posts a previous, interrupted run had finished
 * @property {string} [stopped] why the import stopped before the end of the export
 */

/**
 * Imports (or with `dryRun`, previews) every published post of a WordPress export.
 * @param {{ file: string, url: string, token: string, dryRun?: boolean, log?: (line: string) => void }} options
 * @returns {Promise<ImportSummary>}
 */
export async function importWordPressExport({ file, url, token, dryRun = false, log = (line) => console.error(line) }) {
  const total = statSync(file).size;
  const progress = createProgressBar({ total });
  const say = (/** @type {string} */ line) => {
    progress.clear();
    log(line);
  };
  /** @type {ImportSummary} */
  const summary = {
    counts: { created: 0, updated: 0, unchanged: 0, "would create": 0, exists: 0 },
    skipped: new Map(),
    failed: [],
    resumed: 0,
  };
  // A dry run neither resumes nor leaves a checkpoint: it must not make a real run skip posts.
  const checkpoint = dryRun ? undefined : openCheckpoint(file, url);
  if (checkpoint?.stale) say(`${checkpoint.path} belongs to another export or Herald: starting over`);
  if (checkpoint?.done.size) say(`resuming: ${checkpoint.done.size} post(s) finished by an earlier run (${checkpoint.path})`);

  const attachments = await collectAttachments(file, (bytes) => progress.update(bytes, "reading attachments"));
  const reader = new WxrReader();
  const target = { url, token };
  try {
    await forEachItem(
      file,
      reader,
      async (item) => {
        const outcome = articleFromWxrItem(item, { authors: reader.authors, attachments });
        if (outcome.kind === "skipped") {
          summary.skipped.set(outcome.reason, (summary.skipped.get(outcome.reason) ?? 0) + 1);
          return;
        }
        if (outcome.kind === "failed") {
          summary.failed.push({ postId: outcome.postId, reason: outcome.reason });
          say(`failed: post ${outcome.postId}: ${outcome.reason}`);
          return;
        }
        const earlier = checkpoint?.done.get(outcome.postId);
        if (earlier) {
          summary.counts[earlier]++;
          summary.resumed++;
          return;
        }
        try {
          const state = dryRun
            ? await previewArticle(target, outcome.slug, outcome.body)
            : await putArticle(target, outcome.slug, outcome.body);
          summary.counts[state]++;
          if (state !== "would create" && state !== "exists") checkpoint?.record(outcome.postId, state);
        } catch (err) {
          if (err instanceof ImportStopped) throw err;
          const reason = `${outcome.slug}: ${err instanceof Error ? err.message : err}`;
          summary.failed.push({ postId: outcome.postId, reason });
          say(`failed: post ${outcome.postId}: ${reason}`);
        }
      },
      (bytes) => progress.update(bytes, dryRun ? "checking" : "importing"),
    );
  } catch (err) {
    progress.clear();
    if (!(err instanceof ImportStopped)) throw err;
    summary.stopped = err.message;
    return summary;
  }
  progress.clear();
  if (checkpoint?.writeError)
    say(`note: no checkpoint could be written (${checkpoint.writeError}), so an interrupted run would start over`);
  checkpoint?.remove();
  return summary;
}

/**
 * The one line a person (or a script) reads at the end.
 * @param {string} file
 * @param {ImportSummary} summary
 * @param {boolean} dryRun
 * @returns {string}
 */
export function describeSummary(file, summary, dryRun) {
  const { counts, skipped, failed } = summary;
  const skippedTotal = [...skipped.values()].reduce((sum, n) => sum + n, 0);
  const reasons = [...skipped.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([reason, n]) => `${reason} ${n}`)
    .join(", ");
  const named = failed.slice(0, SUMMARY_FAILURES).map((f) => `post ${f.postId}: ${f.reason}`);
  if (failed.length > SUMMARY_FAILURES) named.push(`${failed.length - SUMMARY_FAILURES} more above`);
  const parts = dryRun
    ? [`dry run, nothing written: would create ${counts["would create"]}`, `exists ${counts.exists}`]
    : [`created ${counts.created}`, `updated ${counts.updated}`, `unchanged ${counts.unchanged}`];
  parts.push(`skipped ${skippedTotal}${reasons ? ` (${reasons})` : ""}`);
  parts.push(`failed ${failed.length}${named.length ? ` (${named.join("; ")})` : ""}`);
  const notes = [];
  if (summary.resumed) notes.push(`${summary.resumed} finished by an earlier run`);
  if (summary.stopped) notes.push(`stopped early: ${summary.stopped}`);
  return `${file}: ${parts.join(", ")}${notes.length ? ` [${notes.join("; ")}]` : ""}`;
}
