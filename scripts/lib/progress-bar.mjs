// A one-line progress bar on a terminal, and nothing at all when output goes to a file or a
// pipe (CI logs, `| tee`), where carriage returns would only leave noise.

/** @import { WriteStream } from "node:tty" */

const WIDTH = 30;
/** Redraws at most this often: a large export reads thousands of chunks a second. */
const REDRAW_MS = 100;

/**
 * @param {number} bytes
 * @returns {string}
 */
function megabytes(bytes) {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * @param {{ total: number, stream?: NodeJS.WriteStream }} options
 */
export function createProgressBar({ total, stream = process.stderr }) {
  const tty = /** @type {WriteStream} */ (stream);
  const enabled = Boolean(tty.isTTY);
  let drawnAt = 0;
  let visible = false;
  return {
    /**
     * @param {number} done bytes read so far
     * @param {string} label what is being done ("importing")
     */
    update(done, label) {
      if (!enabled) return;
      const now = Date.now();
      if (now - drawnAt < REDRAW_MS && done < total) return;
      drawnAt = now;
      const share = total > 0 ? Math.min(1, done / total) : 1;
      const filled = Math.round(share * WIDTH);
      tty.write(
        `\r${label} [${"#".repeat(filled)}${"-".repeat(WIDTH - filled)}] ${Math.floor(share * 100)}% ${megabytes(done)} / ${megabytes(total)}`,
      );
      visible = true;
    },
    /** Clears the bar so that the next line starts clean. */
    clear() {
      if (!visible) return;
      tty.clearLine(0);
      tty.cursorTo(0);
      visible = false;
    },
  };
}
