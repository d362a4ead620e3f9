// The import's checkpoint: one line per finished post, appended as it finishes, so an
// interrupted import of a large export resumes without sending the finished posts again.
// Appending keeps every write small and the file valid up to its last complete line, however
// the process stopped; rewriting one JSON document per post would grow with the export.
import { appendFileSync, existsSync, readFileSync, rmSync, statSync } from "node:fs";

/**
 * What a checkpoint belongs to: the same export file (size and modification time) imported
 * into the same Herald. Anything else starts over.
 * @typedef {object} CheckpointHeader
 * @property {number} heraldImport format version
 * @property {number} size
 * @property {number} mtimeMs
 * @property {string} url
 */

/**
 * @typedef {"created" | "updated" | "unchanged"} DoneOutcome
 */

/**
 * @param {string} exportFile
 * @returns {string}
 */
export function checkpointPath(exportFile) {
  return `${exportFile}.herald-import.jsonl`;
}

/**
 * @param {string} exportFile
 * @param {string} url
 * @returns {CheckpointHeader}
 */
function headerFor(exportFile, url) {
  const { size, mtimeMs } = statSync(exportFile);
  return { heraldImport: 1, size, mtimeMs, url };
}

/**
 * @param {string} line
 * @returns {unknown}
 */
function parseLine(line) {
  try {
    return JSON.parse(line);
  } catch {
    // The line being written when the process stopped.
    return undefined;
  }
}

/**
 * Opens the checkpoint of `exportFile` for an import into `url`: the posts an earlier,
 * interrupted run of the same import finished, and a way to record more.
 * @param {string} exportFile
 * @param {string} url
 */
export function openCheckpoint(exportFile, url) {
  const path = checkpointPath(exportFile);
  const header = headerFor(exportFile, url);
  /** @type {Map<string, DoneOutcome>} */
  const done = new Map();
  let stale = false;
  let tornLastLine = false;
  if (existsSync(path)) {
    const text = readFileSync(path, "utf8");
    tornLastLine = text !== "" && !text.endsWith("\n");
    const [first = "", ...rest] = text.split("\n");
    // Written from an object of the same shape: the same export and Herald give the same line.
    stale = first !== JSON.stringify(header);
    if (!stale) {
      for (const line of rest) {
        const entry = /** @type {{ post?: unknown, outcome?: unknown } | undefined} */ (parseLine(line));
        if (typeof entry?.post === "string" && typeof entry.outcome === "string")
          done.set(entry.post, /** @type {DoneOutcome} */ (entry.outcome));
      }
    }
  }
  let writable = true;
  /** @type {string | undefined} */
  let writeError;
  /** @param {string} text */
  const append = (text) => {
    if (!writable) return;
    try {
      appendFileSync(path, text);
    } catch (err) {
      // A read-only folder: the import still works, it just cannot resume.
      writable = false;
      writeError = err instanceof Error ? err.message : String(err);
    }
  };
  if (stale || done.size === 0) {
    rmSync(path, { force: true });
    append(`${JSON.stringify(header)}\n`);
  } else if (tornLastLine) {
    // End the line the interrupted run was writing, so the next record starts a line of its own.
    append("\n");
  }
  return {
    path,
    /** Posts finished by an earlier run, by post id. */
    done,
    /** True when a checkpoint was found but belongs to another file or Herald. */
    stale,
    /** Why the checkpoint cannot be written, if it cannot. */
    get writeError() {
      return writeError;
    },
    /**
     * @param {string} postId
     * @param {DoneOutcome} outcome
     */
    record(postId, outcome) {
      append(`${JSON.stringify({ post: postId, outcome })}\n`);
    },
    /** The import read the whole export: nothing is left to resume. */
    remove() {
      rmSync(path, { force: true });
    },
  };
}
