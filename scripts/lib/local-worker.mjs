// Running Herald locally with wrangler: shared by `npm start` and `npm run demo:wordpress`.
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync } from "node:fs";

/** @import { ChildProcess, SpawnSyncOptions } from "node:child_process" */

export const wranglerEnv = { ...process.env, WRANGLER_SEND_METRICS: "false" };

/**
 * @param {string[]} args
 * @param {Omit<SpawnSyncOptions, "encoding">} [options]
 * @returns {string} what wrangler printed on stdout
 */
export function wrangler(args, options = {}) {
  // stdin closed: wrangler treats the run as non-interactive and does not prompt.
  const result = spawnSync("wrangler", args, { env: wranglerEnv, stdio: ["ignore", "pipe", "inherit"], encoding: "utf8", ...options });
  if (result.status !== 0) {
    process.stdout.write(result.stdout ?? "");
    throw new Error(`wrangler ${args.join(" ")} failed (exit ${result.status})`);
  }
  return result.stdout;
}

/**
 * Resolves once `base`/healthz answers, failing if `child` exits first.
 * @param {string} base
 * @param {ChildProcess} child
 * @param {number} [timeoutMs]
 */
export async function waitForHealth(base, child, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited with code ${child.exitCode}`);
    try {
      const res = await fetch(`${base}/healthz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`Herald did not answer ${base}/healthz within ${timeoutMs / 1000}s`);
}

/** `.dev.vars` (the local admin token) from `.dev.vars.example` when it is missing. */
export function ensureDevVars() {
  if (existsSync(".dev.vars")) return;
  copyFileSync(".dev.vars.example", ".dev.vars");
  console.log("created .dev.vars from .dev.vars.example (local-only admin token)");
}
