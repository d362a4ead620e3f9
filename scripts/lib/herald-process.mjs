// Starts `npm start` against a store of its own and stops it again: shared by the start
// smoke check and the browser tests.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** @import { ChildProcess, ChildProcessByStdio } from "node:child_process" */
/** @import { Readable } from "node:stream" */

export const BASE = "http://localhost:8787";

/** A fresh, empty local store (D1 and R2) for one run. */
export function freshStateDir() {
  return mkdtempSync(join(tmpdir(), "herald-state-"));
}

/** @param {string} dir */
export function removeStateDir(dir) {
  rmSync(dir, { recursive: true, force: true });
}

/**
 * Runs `npm start` (or another npm script that ends the same way, such as demo:wordpress) and
 * resolves once it has printed its URLs, with everything it printed.
 * @param {string} stateDir
 * @param {{ script?: string, timeoutMs?: number }} [options]
 * @returns {Promise<{ child: ChildProcessByStdio<null, Readable, null>, output: string }>}
 */
export function startHerald(stateDir, { script = "start", timeoutMs = 120_000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn("npm", ["run", script], {
      stdio: ["ignore", "pipe", "inherit"],
      detached: true,
      env: { ...process.env, HERALD_STATE_DIR: stateDir },
    });
    let output = "";
    const timer = setTimeout(
      () => reject(new Error(`npm run ${script} printed no URLs within ${timeoutMs / 1000} s:\n${output}`)),
      timeoutMs,
    );
    child.stdout.on("data", (chunk) => {
      output += chunk;
      if (output.includes("Press Ctrl+C to stop.")) {
        clearTimeout(timer);
        resolve({ child, output });
      }
    });
    child.on("exit", (code) => reject(new Error(`npm run ${script} exited early (${code}):\n${output}`)));
  });
}

/**
 * Stops the whole process group `npm start` made (npm, node, wrangler, workerd).
 * @param {ChildProcess} child
 * @returns {Promise<void>}
 */
export function stopHerald(child) {
  return new Promise((resolve) => {
    child.removeAllListeners("exit");
    child.on("exit", () => resolve());
    // A child startHerald resolved with was spawned, so it has a pid.
    process.kill(-(/** @type {number} */ (child.pid)), "SIGTERM");
  });
}
