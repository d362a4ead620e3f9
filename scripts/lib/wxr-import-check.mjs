// The WordPress import as a user runs it, against a running Herald: `npm run import` on the
// fixture export, a dry run that writes nothing, a re-run that changes nothing, and a resumed run.
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { resolveToken } from "../import.mjs";
import { checkpointPath, openCheckpoint } from "./import-checkpoint.mjs";

const EXPORT = "tests/fixtures/wordpress/export.xml";
const PUBLISHED = [
  "iraqi-prime-minister-survives-drone-attack-on-his-baghdad-residence",
  "smith-co-merger-clears-review",
  "parliament-sets-a-date-for-the-vote",
  "relief-convoy-reaches-the-border",
];
const SKIPPED =
  "skipped 10 (attachment 2, draft 1, future 1, nav_menu_item 1, page 1, password-protected 1, pending 1, private 1, revision 1)";
/** The fixture's two malformed posts fail on every run, so the import always exits 1. */
const FAILED = /failed 2 \(post 4240: slug "☕-café-noir-reopens" .*; post 4245: has no title\)/;

/**
 * @param {string} base Herald's origin
 * @param {string[]} flags
 * @param {string} [file]
 * @returns {{ status: number | null, summary: string }}
 */
function runImport(base, flags = [], file = EXPORT) {
  const result = spawnSync("npm", ["run", "-s", "import", "--", file, "--url", base, "--token", resolveToken(), ...flags], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  const summary = result.stdout.trim().split("\n").at(-1) ?? "";
  console.log(`  npm run import -- ${file} ${flags.join(" ")}\n  → ${summary}`);
  return { status: result.status, summary };
}

/**
 * @param {string} base
 * @param {string} slug
 */
async function articleStatus(base, slug) {
  return (await fetch(`${base}/articles/${slug}`)).status;
}

/**
 * @param {string} base Herald's origin, with an empty store but for the demo content
 * @param {(condition: boolean, message: string) => void} check
 */
export async function checkWordPressImport(base, check) {
  const preview = runImport(base, ["--dry-run"]);
  check(
    preview.summary.includes(`dry run, nothing written: would create 4, exists 0, ${SKIPPED}, `),
    "a dry run tells what it would import",
  );
  check(FAILED.test(preview.summary) && preview.status === 1, "a dry run names the failing posts and exits 1");
  const statuses = await Promise.all(PUBLISHED.map((slug) => articleStatus(base, slug)));
  check(
    statuses.every((status) => status === 404),
    "a dry run writes nothing",
  );

  const first = runImport(base);
  check(first.summary.includes(`created 4, updated 0, unchanged 0, ${SKIPPED}, `), "the import creates the four published posts");
  check(
    FAILED.test(first.summary) && first.status === 1,
    "the malformed posts fail, with their ids and reasons, and the exit code says so",
  );
  check(!existsSync(checkpointPath(EXPORT)), "a finished import leaves no checkpoint");
  const page = await (await fetch(`${base}/articles/${PUBLISHED[1]}`)).text();
  check(page.includes("Zoë Ångström") && !/elfsight/i.test(page), "an imported post shows its author's display name and no shortcode");

  const again = runImport(base);
  check(again.summary.includes(`created 0, updated 0, unchanged 4, ${SKIPPED}, `), "importing the same export again changes nothing");

  const previewAgain = runImport(base, ["--dry-run"]);
  check(previewAgain.summary.includes("would create 0, exists 4"), "a dry run after the import finds every post in place");

  // Recognised by its content: the same export under a name that says nothing.
  const renamed = join(mkdtempSync(join(tmpdir(), "herald-wxr-")), "posts.txt");
  copyFileSync(EXPORT, renamed);
  const sniffed = runImport(base, ["--dry-run"], renamed);
  check(sniffed.summary.includes("would create 0, exists 4"), "an export named posts.txt is still read as a WordPress export");
  rmSync(dirname(renamed), { recursive: true, force: true });

  // An interrupted run leaves the posts it finished in the checkpoint; the next run takes them from there.
  openCheckpoint(EXPORT, base).record("4211", "created");
  const resumed = runImport(base);
  check(
    resumed.summary.includes(`created 1, updated 0, unchanged 3, ${SKIPPED}, `) &&
      resumed.summary.includes("[1 finished by an earlier run]"),
    "a resumed import skips the posts the checkpoint names",
  );
  check(!existsSync(checkpointPath(EXPORT)), "the resumed import removes the checkpoint when it is done");
}
