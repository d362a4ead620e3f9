// `npm run cards:samples`: draws the sample cards (scripts/card-samples-worker.ts) with Herald's
// real renderer inside workerd, built as `wrangler deploy` builds Herald, and writes them to
// docs/cards/ for the README.
import { execFile } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { convertV4MiniflareOptions, Miniflare } from "miniflare";
import { unstable_readConfig } from "wrangler";
import { bundleModules } from "../bench/lib/runtime.mjs";

const BUILD_DIR = ".build/card-samples";
const OUT_DIR = "docs/cards";

rmSync(BUILD_DIR, { recursive: true, force: true });
await promisify(execFile)("npx", ["wrangler", "deploy", "--dry-run", "--outdir", BUILD_DIR, "scripts/card-samples-worker.ts"], {
  env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
  maxBuffer: 16 * 1024 * 1024,
});
const entry = join(BUILD_DIR, "card-samples-worker.js");
// The runtime Herald is configured for (wrangler.toml).
const { compatibility_date: compatibilityDate, compatibility_flags: compatibilityFlags } = unstable_readConfig({ config: "wrangler.toml" });
const mf = new Miniflare(
  convertV4MiniflareOptions({
    workers: [
      {
        name: "card-samples",
        modules: bundleModules(entry),
        modulesRoot: BUILD_DIR,
        compatibilityDate,
        compatibilityFlags,
        dataBlobBindings: { PHOTO: "bench/fixtures/lead-image.jpg" },
      },
    ],
  }),
);
try {
  mkdirSync(OUT_DIR, { recursive: true });
  const list = /** @type {{ name: string, file: string }[]} */ (await (await mf.dispatchFetch("http://samples/samples")).json());
  for (const { name, file } of list) {
    const res = await mf.dispatchFetch(`http://samples/samples/${name}`);
    if (!res.ok) throw new Error(`${name}: ${res.status} ${await res.text()}`);
    const bytes = new Uint8Array(await res.arrayBuffer());
    writeFileSync(join(OUT_DIR, file), bytes);
    console.log(`${join(OUT_DIR, file).padEnd(56)} ${(bytes.byteLength / 1024).toFixed(0).padStart(4)} KB`);
  }
} finally {
  await mf.dispose();
}
