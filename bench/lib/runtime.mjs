// Builds Herald as `wrangler deploy` would and runs it, its baseline and the harness in one
// workerd process through Miniflare's API. Each worker gets a socket of its own
// (unsafeDirectSockets), so requests reach it without wrangler dev's Node proxy, which caps
// any route at a few hundred requests per second on this machine.
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { convertV4MiniflareOptions, Miniflare } from "miniflare";
import { unstable_readConfig, unstable_splitSqlQuery } from "wrangler";

/** @import { V4ModuleDefinition, V4WorkerOptions } from "miniflare" */
/** @import { Unstable_Config } from "wrangler" */

/** @typedef {{ raw: number, gzip: number }} BundleSize what wrangler reports it would upload, in bytes */
/** @typedef {{ herald: string, harness: string, cacheApi: string }} Bundles entry module of each built worker */

const run = promisify(execFile);
export const BUILD_DIR = "bench/.build";
export const ADMIN_TOKEN = "bench-admin-token";
export const IMAGE_HOST = "images.bench.test";
/** The stand-in WordPress origin Herald's edge-mode worker is put in front of. */
export const WORDPRESS_HOST = "wordpress.bench.test";
/** The worker that stands in for hubs and Cloudflare's API when Herald publishes through its queue. */
export const PUBLISH_OUTBOUND = "publish-outbound";

/**
 * `wrangler deploy --dry-run --outdir`: the production bundle, with the upload size wrangler
 * reports for it (raw and gzip), and the harness built the same way.
 * @returns {Promise<{ bundles: Bundles, bundle: BundleSize }>}
 */
export async function buildBundles() {
  rmSync(BUILD_DIR, { recursive: true, force: true });
  const env = { ...process.env, WRANGLER_SEND_METRICS: "false" };
  const wrangler = (/** @type {string[]} */ args) =>
    run("npx", ["wrangler", "deploy", "--dry-run", ...args], { env, maxBuffer: 16 * 1024 * 1024 });
  const [herald] = await Promise.all([
    wrangler(["--outdir", join(BUILD_DIR, "herald")]),
    wrangler(["--outdir", join(BUILD_DIR, "harness"), "bench/harness-worker.ts"]),
    wrangler(["--outdir", join(BUILD_DIR, "cache-api"), "bench/cache-api-worker.ts"]),
  ]);
  const upload = herald.stdout.match(/Total Upload: ([\d.]+) KiB \/ gzip: ([\d.]+) KiB/);
  if (!upload) throw new Error(`wrangler printed no upload size:\n${herald.stdout}`);
  return {
    bundles: {
      herald: join(BUILD_DIR, "herald", "index.js"),
      harness: join(BUILD_DIR, "harness", "harness-worker.js"),
      cacheApi: join(BUILD_DIR, "cache-api", "cache-api-worker.js"),
    },
    bundle: { raw: Math.round(Number(upload[1]) * 1024), gzip: Math.round(Number(upload[2]) * 1024) },
  };
}

/**
 * The bundle's entry first, then every module wrangler wrote beside it, typed as wrangler.toml's rules type them.
 * @param {string} entry
 * @returns {V4ModuleDefinition[]}
 */
export function bundleModules(entry) {
  /** @type {(name: string) => V4ModuleDefinition["type"] | undefined} */
  const typeOf = (name) =>
    name.endsWith(".wasm")
      ? "CompiledWasm"
      : name.endsWith(".woff") || name.endsWith(".png")
        ? "Data"
        : name.endsWith(".svg")
          ? "Text"
          : undefined;
  const dir = dirname(entry);
  const others = readdirSync(dir).flatMap((name) => {
    const type = typeOf(name);
    return type ? [{ type, path: join(dir, name) }] : [];
  });
  return [{ type: "ESModule", path: entry }, ...others];
}

/**
 * wrangler.toml as Herald is configured, with lead images allowed from the stand-in image host.
 * @param {string} name
 * @param {string} scriptPath
 * @param {Unstable_Config} config
 * @returns {V4WorkerOptions}
 */
function heraldWorker(name, scriptPath, config) {
  return {
    name,
    modules: bundleModules(scriptPath),
    modulesRoot: dirname(scriptPath),
    compatibilityDate: config.compatibility_date,
    compatibilityFlags: config.compatibility_flags,
    bindings: { ...config.vars, CARD_IMAGE_HOSTS: IMAGE_HOST, ADMIN_TOKEN },
    d1Databases: { DB: "bench-d1" },
    r2Buckets: { CARDS: "bench-cards" },
    outboundService: "image-host",
    unsafeDirectSockets: [{ port: 0 }],
  };
}

/**
 * wrangler.toml's queues as Miniflare takes them: each producer binding, and each consumer with
 * its batching, retries and dead-letter queue.
 * @param {Unstable_Config} config
 * @returns {Pick<V4WorkerOptions, "queueProducers" | "queueConsumers">}
 */
export function queuesOf(config) {
  const { producers = [], consumers = [] } = config.queues;
  return {
    queueProducers: Object.fromEntries(
      producers.map((p) => {
        if (!p.queue) throw new Error(`wrangler.toml: the queue producer ${p.binding} names no queue`);
        return [p.binding, { queueName: p.queue, deliveryDelay: p.delivery_delay }];
      }),
    ),
    queueConsumers: Object.fromEntries(
      consumers.map((c) => [
        c.queue,
        {
          maxBatchSize: c.max_batch_size,
          maxBatchTimeout: c.max_batch_timeout,
          maxRetries: c.max_retries,
          deadLetterQueue: c.dead_letter_queue,
          retryDelay: c.retry_delay,
        },
      ]),
    ),
  };
}

/**
 * What the load test adds to the plain benchmark's runtime: Herald's publish queue and its
 * dead-letter queue as wrangler.toml declares them, more bindings (a zone to purge, hubs, the
 * retry base), and a worker that stands in for everything outside Herald, in place of the image
 * host as Herald's outbound service, with a socket of its own for its counts.
 * @typedef {object} PublishSetup
 * @property {Record<string, string>} bindings
 * @property {V4WorkerOptions} outbound named "publish-outbound"; its `IMAGE_HOST` service binding reaches the image host
 * @property {(log: { level: string, message: string }) => void} [logs] the workers' console lines, instead of stdout
 */

/**
 * Where the runtime keeps its local D1, R2 and Cache API: in memory (tmpfs) where the machine
 * has it. Without a path Miniflare writes them to files under the temp directory, on disk here,
 * and the disk's flushes held single cold card renders for 60–460 ms (the process in iowait;
 * p99 78–218 ms on disk against 45–49 ms on tmpfs over 450 cards, December 2026). Production's
 * D1 and R2 are services elsewhere, not this machine's disk.
 */
function storageDirectory() {
  return mkdtempSync(join(existsSync("/dev/shm") ? "/dev/shm" : tmpdir(), "herald-bench-"));
}

/**
 * A fresh workerd with an empty D1, R2 and cache in memory, shared by Herald and the harness
 * (the same database and bucket ids), plus the baseline and the image host. With `publish`,
 * Herald runs its real publish queue and reaches the outside through the stand-in.
 * @param {Bundles} bundles
 * @param {{ inspectorPort?: number, publish?: PublishSetup }} [options]
 */
export async function startRuntime(bundles, { inspectorPort, publish } = {}) {
  // wrangler's published types give readConfig's result a type from @cloudflare/workers-utils,
  // a dev dependency of wrangler's that is not installed, so it arrives untyped; Unstable_Config
  // is the config type wrangler exports.
  const config = /** @type {Unstable_Config} */ (unstable_readConfig({ config: "wrangler.toml" }));
  const edge = heraldWorker("herald-edge", bundles.herald, config);
  const herald = heraldWorker("herald", bundles.herald, config);
  const edgeMode = { bindings: { ...edge.bindings, ORIGIN_URL: `http://${WORDPRESS_HOST}` }, outboundService: "wordpress-origin" };
  const publishing = publish
    ? [
        {
          ...herald,
          ...queuesOf(config),
          bindings: { ...herald.bindings, ...publish.bindings },
          outboundService: PUBLISH_OUTBOUND,
        },
        {
          compatibilityDate: config.compatibility_date,
          ...publish.outbound,
          name: PUBLISH_OUTBOUND,
          serviceBindings: { ...publish.outbound.serviceBindings, IMAGE_HOST: "image-host" },
          unsafeDirectSockets: [{ port: 0 }],
        },
      ]
    : [herald];
  const storage = storageDirectory();
  const mf = new Miniflare(
    convertV4MiniflareOptions({
      resourcePersistencePath: storage,
      inspectorPort,
      handleStructuredLogs: publish?.logs,
      workers: [
        ...publishing,
        heraldWorker("harness", bundles.harness, config),
        // The same Herald in edge mode, in front of the stand-in origin (same database).
        { ...edge, ...edgeMode },
        // Both again with their memory tiers off, for the Cache API tier's scenarios.
        heraldWorker("herald-cache-api", bundles.cacheApi, config),
        { ...heraldWorker("herald-edge-cache-api", bundles.cacheApi, config), ...edgeMode },
        {
          name: "wordpress-origin",
          modules: true,
          scriptPath: "bench/wordpress-origin-worker.js",
          compatibilityDate: config.compatibility_date,
          textBlobBindings: { PAGE: "tests/fixtures/wordpress/theme/single-post.html" },
          unsafeDirectSockets: [{ port: 0 }],
        },
        {
          name: "baseline",
          modules: true,
          scriptPath: "bench/baseline-worker.js",
          compatibilityDate: config.compatibility_date,
          unsafeDirectSockets: [{ port: 0 }],
        },
        {
          name: "image-host",
          modules: true,
          scriptPath: "bench/image-host-worker.js",
          compatibilityDate: config.compatibility_date,
          bindings: { HOST: IMAGE_HOST },
          dataBlobBindings: { JPEG: "bench/fixtures/lead-image.jpg" },
        },
      ],
    }),
  );
  /** Stops workerd and removes its storage (tmpfs holds it in memory until then). */
  const dispose = async () => {
    await mf.dispose();
    rmSync(storage, { recursive: true, force: true });
  };
  try {
    const url = async (/** @type {string} */ name) => (await mf.unsafeGetDirectURL(name)).origin;
    const [heraldUrl, harness, baseline, heraldEdge, origin, heraldCacheApi, heraldEdgeCacheApi] = await Promise.all(
      ["herald", "harness", "baseline", "herald-edge", "wordpress-origin", "herald-cache-api", "herald-edge-cache-api"].map(url),
    );
    const outbound = publish ? await url(PUBLISH_OUTBOUND) : undefined;
    await migrate(await mf.getD1Database("DB", "herald"));
    return {
      dispose,
      // wrangler.toml sets SITE_URL as text.
      siteUrl: /** @type {string} */ (config.vars.SITE_URL),
      urls: { herald: heraldUrl, harness, baseline, heraldEdge, origin, outbound, heraldCacheApi, heraldEdgeCacheApi },
    };
  } catch (err) {
    await dispose();
    throw err;
  }
}

/**
 * Herald's migrations, in order, each as one batch, split into statements as wrangler splits them.
 * @param {Awaited<ReturnType<Miniflare["getD1Database"]>>} db
 */
async function migrate(db) {
  const files = readdirSync("migrations")
    .filter((name) => name.endsWith(".sql"))
    .sort();
  for (const file of files) {
    const statements = unstable_splitSqlQuery(readFileSync(join("migrations", file), "utf8"));
    await db.batch(statements.map((statement) => db.prepare(statement)));
  }
}

/**
 * Generated articles 0…count-1 through the harness's real write path, in chunks; their slugs, newest first.
 * @param {string} harnessUrl
 * @param {number} count
 */
export async function seedArticles(harnessUrl, count) {
  /** @type {string[]} */
  const slugs = [];
  const chunk = 250;
  for (let from = 0; from < count; from += chunk) {
    const res = await fetch(`${harnessUrl}/__bench/seed?from=${from}&count=${Math.min(chunk, count - from)}`, { method: "POST" });
    if (!res.ok) throw new Error(`seeding failed at article ${from}: ${res.status} ${await res.text()}`);
    slugs.push(.../** @type {{ slugs: string[] }} */ (await res.json()).slugs);
  }
  return slugs;
}
