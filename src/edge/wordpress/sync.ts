import * as v from "valibot";
import type { Article } from "../../articles/model";
import { ArticleRepository } from "../../articles/repository";
import { deleteArticle, putArticle } from "../../articles/service";
import type { ErrorDetail } from "../../http/errors";
import { HttpError } from "../../http/errors";
import { StorageUnavailable } from "../../http/storage-guard";
import type { PublishDeps } from "../../publish/deps";
import { LOCAL_PURGE_LIMIT, publishChange } from "../../publish/publish-change";
import type { SiteConfig } from "../../site/config";
import { wordpressArticleId } from "./post-id";
import { DEFAULT_TIMEOUT_MS, getCollection, type RestClientOptions, SyncFailure } from "./rest-client";
import { mapRestPost, PostKeySchema } from "./rest-post";
import { type SyncCursor, type SyncState, SyncStateStore } from "./sync-state";
import { listSyncedArticles, type SyncedArticle } from "./synced-articles";

/**
 * What one run may spend, per Workers plan. One invocation (a cron run, or the publish hook's
 * request) may make 50 subrequests on Workers Free and 1,000 on Paid (fetch and Cache API
 * calls; developers.cloudflare.com/workers/platform/limits/#subrequests) and as many D1
 * queries (developers.cloudflare.com/d1/platform/limits/). A run stops before either runs out
 * and the next run (five minutes later, wrangler.toml) carries on from the cursor, so a site of
 * any size is synced over as many runs as it takes.
 *
 * CPU: sanitising and storing a post is what a run spends; each change's share card is drawn
 * from the publish queue, in an invocation of its own. `changes` bounds a run on either plan.
 */
export const RUN_LIMITS = {
  free: { subrequests: 50, d1Queries: 50, perPage: 10, changes: 2, reconcileBatch: 100, localPurge: 7 },
  paid: { subrequests: 1000, d1Queries: 1000, perPage: 50, changes: 40, reconcileBatch: 100, localPurge: LOCAL_PURGE_LIMIT },
} as const satisfies Record<SiteConfig["wordpressSyncPlan"], RunLimits>;

export interface RunLimits {
  subrequests: number;
  d1Queries: number;
  /** Posts per REST page (WordPress allows at most 100). */
  perPage: number;
  /** Stored changes (creates, edits, tombstones) per run. */
  changes: number;
  /** Articles one reconciliation request checks: WordPress's largest `per_page`, 100. */
  reconcileBatch: number;
  /**
   * Keys each change purges from the Cache API in this invocation (publishChange: two deletes
   * each, the answer and its stale copy); the rest of its URLs are purged from the publish queue.
   */
  localPurge: number;
}
/** How long a run holds the sync; it stops starting requests well before (RUN_WALL_MS). */
const LEASE_MS = 5 * 60_000;
/** No new request after this much wall time, so a run (plus one timeout) ends inside its lease. */
const RUN_WALL_MS = 2 * 60_000;
/** `exclude=` ids in one URL when many posts share a second (about 8 KB of URL). */
const MAX_EXCLUDED_IDS = 1000;

/** D1 queries to store one post: putArticle's reads (the slug, and the id when the holder differs) and its batch, with one to spare. */
const D1_PER_POST = 4;
/** D1 queries to tombstone one article: the read and the batch. */
const D1_PER_TOMBSTONE = 2;

interface Cost {
  subrequests: number;
  d1Queries: number;
}

/** Counts what a run has left, so it stops before a limit instead of failing on it. */
class RunBudget {
  private subrequests: number;
  private d1Queries: number;
  private changes: number;

  constructor(limits: RunLimits) {
    this.subrequests = limits.subrequests;
    // Taking and giving back the lease.
    this.d1Queries = limits.d1Queries - 2;
    this.changes = limits.changes;
  }

  /** Room for `cost` and the state write that records it. */
  allows(cost: Cost, change = false): boolean {
    return this.subrequests >= cost.subrequests && this.d1Queries >= cost.d1Queries + 1 && (!change || this.changes > 0);
  }

  spend(cost: Cost, change = false): void {
    this.subrequests -= cost.subrequests;
    this.d1Queries -= cost.d1Queries;
    if (change) this.changes--;
  }
}

export interface SyncFailureReport {
  /** The WordPress post id, when the post had one. */
  post: number | null;
  reason: string;
}

export interface SyncSummary {
  created: number;
  updated: number;
  unchanged: number;
  failed: SyncFailureReport[];
  tombstoned: number;
  /** True when the run stopped at a limit with posts left: the next run carries on. */
  more: boolean;
  /** Why the run stopped early (origin error, timeout, non-JSON answer); retried next run. */
  error?: string;
}

export type SyncOutcome = { ran: true; summary: SyncSummary } | { ran: false; reason: string };

export interface SyncDeps {
  db: D1Database;
  /** What each stored change sets off (publish/). */
  publish: PublishDeps;
  /** Reaches WordPress; tests pass a recorded site. */
  fetcher?: typeof fetch;
  /** Where publishing runs after each change (the invocation's waitUntil). */
  waitUntil(promise: Promise<unknown>): void;
  now?: () => Date;
}

export interface SyncOptions {
  limits?: Partial<RunLimits>;
  timeoutMs?: number;
}

/** ISO second `delta` seconds from `iso`. */
function shiftSeconds(iso: string, delta: number): string {
  return new Date(Date.parse(iso) + delta * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** HttpError details as one line. */
function describeRejection(err: HttpError): string {
  const details = err.details.map((detail: ErrorDetail) => (typeof detail === "string" ? detail : `${detail.field} ${detail.message}`));
  return details.length ? `${err.message}: ${details.join("; ")}` : err.message;
}

const ListedPostSchema = v.object({ id: v.pipe(v.number(), v.integer(), v.minValue(1)), link: v.pipe(v.string(), v.url()) });

/** One run: state, budget and tallies shared by its passes. */
class SyncRun {
  readonly summary: SyncSummary = { created: 0, updated: 0, unchanged: 0, failed: [], tombstoned: 0, more: false };
  private readonly repo: ArticleRepository;
  private readonly budget: RunBudget;
  private readonly client: RestClientOptions;
  private readonly startedAt: number;
  private readonly postCost: Cost;

  constructor(
    private readonly deps: SyncDeps,
    private readonly site: SiteConfig & { wordpressUrl: string },
    private readonly store: SyncStateStore,
    readonly state: SyncState,
    private readonly limits: RunLimits,
    timeoutMs: number,
  ) {
    this.repo = new ArticleRepository(deps.db, site.url);
    this.budget = new RunBudget(limits);
    this.client = { origin: site.wordpressUrl, fetcher: deps.fetcher ?? fetch, timeoutMs };
    this.startedAt = this.now().getTime();
    // publishChange's Cache API deletes and its one queue send; the card, the hubs and the
    // global purge run from the queue, in invocations of their own.
    this.postCost = { subrequests: 2 * limits.localPurge + 1, d1Queries: D1_PER_POST };
  }

  now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  private timeLeft(): boolean {
    return this.now().getTime() - this.startedAt < RUN_WALL_MS;
  }

  /**
   * Room for one more request and at least one post (or tombstone) after it; otherwise the
   * run has more left. `forChanges`: the request is only worth it if a change may follow.
   */
  private canFetch(forChanges: boolean): boolean {
    const next = { subrequests: 1 + this.postCost.subrequests, d1Queries: this.postCost.d1Queries };
    const ok = this.timeLeft() && this.budget.allows(next, forChanges);
    if (!ok) this.summary.more = true;
    return ok;
  }

  private async get(route: string, query: URLSearchParams) {
    this.budget.spend({ subrequests: 1, d1Queries: 0 });
    return getCollection(this.client, route, query);
  }

  /** After a failure: keeps what was stored before it, if D1 still answers. */
  async saveProgress(): Promise<void> {
    try {
      await this.store.save(this.state, new Date(this.now().getTime() + LEASE_MS));
    } catch (err) {
      console.error("WordPress sync: could not record progress after the failure", err);
    }
  }

  private async checkpoint(): Promise<void> {
    this.budget.spend({ subrequests: 0, d1Queries: 1 });
    await this.store.save(this.state, new Date(this.now().getTime() + LEASE_MS));
  }

  private publish(before: Article | undefined, after: Article): void {
    this.deps.waitUntil(publishChange({ ...this.deps.publish, localPurgeLimit: this.limits.localPurge }, this.site, { before, after }));
  }

  private fail(post: number | null, reason: string): void {
    console.error(`WordPress sync: post ${post ?? "(no id)"} not stored: ${reason}`);
    this.summary.failed.push({ post, reason });
  }

  /**
   * Stores one post through putArticle, as the admin API would, and publishes the change. A
   * post Herald rejects (bad slug, slug taken, invalid fields) is a counted failure and the
   * cursor moves past it: the same post would be rejected again until it is edited, and then
   * its new modified time brings it back. Anything else (D1 failing) stops the run.
   */
  private async storePost(item: unknown, postId: number): Promise<void> {
    const mapped = mapRestPost(item);
    if (!mapped.ok) return this.fail(postId, mapped.reason);
    this.budget.spend({ subrequests: 0, d1Queries: D1_PER_POST });
    try {
      const outcome = await putArticle(this.repo, this.site, mapped.slug, mapped.article, this.now().toISOString());
      this.state.permalinkHost = new URL(mapped.article.canonicalUrl ?? "").host.toLowerCase();
      if (!outcome.changed) {
        this.summary.unchanged++;
        return;
      }
      this.budget.spend({ subrequests: this.postCost.subrequests, d1Queries: 0 }, true);
      if (outcome.created) this.summary.created++;
      else this.summary.updated++;
      this.publish(outcome.previous, outcome.article);
    } catch (err) {
      if (err instanceof HttpError) return this.fail(postId, describeRejection(err));
      throw err;
    }
  }

  /** The query that re-reads from the cursor's second onwards, oldest change first. */
  private forwardQuery(cursor: SyncCursor | undefined): URLSearchParams {
    const query = new URLSearchParams({ _embed: "1", orderby: "modified", order: "asc", per_page: String(this.limits.perPage), page: "1" });
    // modified_after is exclusive and to the second: one second earlier includes the cursor's second.
    if (cursor) query.set("modified_after", shiftSeconds(cursor.modified, -1));
    return query;
  }

  /**
   * The posts of the cursor's second not yet stored, in id order. Used when a whole page is
   * posts of that one second already done: WordPress cannot order by modified time and id, so
   * paging through that second by offset could skip some; excluding the done ids cannot.
   */
  private windowQuery(cursor: SyncCursor): URLSearchParams {
    if (cursor.doneIds.length > MAX_EXCLUDED_IDS) {
      throw new SyncFailure(
        `more than ${MAX_EXCLUDED_IDS} posts share the modified time ${cursor.modified}; the sync cannot page through them`,
      );
    }
    return new URLSearchParams({
      _embed: "1",
      modified_after: shiftSeconds(cursor.modified, -1),
      modified_before: shiftSeconds(cursor.modified, 1),
      exclude: cursor.doneIds.join(","),
      orderby: "id",
      order: "asc",
      per_page: String(this.limits.perPage),
    });
  }

  /**
   * The posts changed since the cursor, page after page, until WordPress has no more or the
   * run's budget is spent. The cursor moves past each post once it is stored (or rejected for
   * good) and is written after every page, so an interrupted run resumes where it stopped.
   */
  async pullChanges(): Promise<void> {
    let sameSecond = false;
    while (this.canFetch(true)) {
      const cursor = this.state.cursor;
      const page = await this.get("posts", sameSecond && cursor ? this.windowQuery(cursor) : this.forwardQuery(cursor));
      if (page.items.length === 0) {
        if (!(sameSecond && cursor)) return;
        // Every post of that second is stored: carry on strictly after it.
        this.state.cursor = { modified: shiftSeconds(cursor.modified, 1), doneIds: [] };
        sameSecond = false;
        await this.checkpoint();
        continue;
      }

      let progressed = false;
      let stopped = false;
      for (const item of page.items) {
        const key = v.safeParse(PostKeySchema, item);
        if (!key.success) {
          this.fail(null, "malformed post: no valid id and modified_gmt");
          continue;
        }
        const { id, modified_gmt } = key.output;
        const modified = `${modified_gmt}Z`;
        const current = this.state.cursor;
        if (current && modified === current.modified && current.doneIds.includes(id)) continue;
        if (!this.budget.allows(this.postCost, true) || !this.timeLeft()) {
          this.summary.more = true;
          stopped = true;
          break;
        }
        await this.storePost(item, id);
        progressed = true;
        if (!current || modified > current.modified) this.state.cursor = { modified, doneIds: [id] };
        else if (modified === current.modified) current.doneIds.push(id);
      }
      if (progressed) await this.checkpoint();
      if (stopped) return;
      if (!progressed) {
        if (sameSecond) throw new SyncFailure("WordPress answered only posts already stored; stopped to retry next run");
        // A short page of done posts is the end; a full one may hide more posts of the same second.
        if (page.items.length < this.limits.perPage) return;
        sameSecond = true;
        continue;
      }
      if (!sameSecond && page.items.length < this.limits.perPage) return;
    }
  }

  /** True when WordPress lists at least one published post: an empty site is read as a misconfiguration. */
  private async sitePublishesPosts(): Promise<boolean> {
    if (!this.canFetch(false)) return false;
    const page = await this.get("posts", new URLSearchParams({ per_page: "1", _fields: "id" }));
    return page.items.length > 0;
  }

  /**
   * Tombstones the articles whose posts WordPress no longer publishes (trashed, unpublished,
   * deleted). Herald's own WordPress articles are checked a hundred at a time, in id order,
   * with `include=`: WordPress answers with those still published. A batch whose answer is
   * missing, malformed or incomplete tombstones nothing; the pass resumes where it stopped.
   */
  async reconcile(): Promise<void> {
    const host = this.state.permalinkHost;
    if (!host) return;
    while (this.canFetch(false)) {
      const batch = await listSyncedArticles(this.deps.db, host, this.state.reconcileAfter, this.limits.reconcileBatch);
      this.budget.spend({ subrequests: 0, d1Queries: 1 });
      if (batch.length === 0) {
        if (this.state.reconcileAfter !== "") {
          this.state.reconcileAfter = "";
          await this.checkpoint();
        }
        return;
      }
      const gone = await this.goneFrom(batch);
      for (const article of batch) {
        if (gone.has(article.id)) {
          const cost = { subrequests: this.postCost.subrequests, d1Queries: D1_PER_TOMBSTONE };
          if (!this.budget.allows(cost, true)) {
            this.summary.more = true;
            await this.checkpoint();
            return;
          }
          this.budget.spend(cost, true);
          const { article: after, changed, previous } = await deleteArticle(this.repo, article.slug, this.now().toISOString());
          if (changed) {
            this.summary.tombstoned++;
            this.publish(previous, after);
          }
        }
        this.state.reconcileAfter = article.id;
      }
      // A short batch ends the sweep; the next run starts the next one from the beginning.
      if (batch.length < this.limits.reconcileBatch) this.state.reconcileAfter = "";
      await this.checkpoint();
      if (this.state.reconcileAfter === "") return;
    }
  }

  /** The ids in `batch` whose posts WordPress does not publish, or a SyncFailure when its answer cannot be trusted. */
  private async goneFrom(batch: SyncedArticle[]): Promise<Set<string>> {
    const page = await this.get(
      "posts",
      new URLSearchParams({
        include: batch.map((article) => article.postId).join(","),
        per_page: String(this.limits.reconcileBatch),
        orderby: "id",
        order: "asc",
        _fields: "id,link",
      }),
    );
    if (page.totalPages !== undefined && page.totalPages > 1) {
      throw new SyncFailure(`the published-post listing has ${page.totalPages} pages for one batch; nothing tombstoned`);
    }
    const asked = new Set(batch.map((article) => article.postId));
    const published = new Set<string>();
    for (const item of page.items) {
      const listed = v.safeParse(ListedPostSchema, item);
      if (!listed.success) throw new SyncFailure("the published-post listing holds an item without id and link; nothing tombstoned");
      if (!asked.has(listed.output.id)) {
        throw new SyncFailure(`the published-post listing answered post ${listed.output.id}, which was not asked for; nothing tombstoned`);
      }
      published.add(wordpressArticleId(listed.output.link, listed.output.id));
    }
    const gone = new Set(batch.filter((article) => !published.has(article.id)).map((article) => article.id));
    if (gone.size === batch.length && !(await this.sitePublishesPosts())) {
      throw new SyncFailure("WordPress lists no published posts at all; nothing tombstoned (check the REST API and WP_ORIGIN)");
    }
    return gone;
  }
}

/**
 * Brings Herald in step with the WordPress site at `site.wordpressUrl`: the posts changed
 * since the last run, then (once caught up) a reconciliation pass for posts that left. Only
 * one run at a time: an overlapping run (cron and publish hook) finds the lease taken and does
 * nothing. Never throws for an origin problem: it is logged, reported and retried next run.
 * Throws StorageUnavailable when D1 fails mid-run, after recording what it can: every post
 * stored before the failure is behind the cursor, none after it, so the next run completes it.
 */
export async function syncWordPress(deps: SyncDeps, site: SiteConfig, options: SyncOptions = {}): Promise<SyncOutcome> {
  const { wordpressUrl } = site;
  if (!wordpressUrl) return { ran: false, reason: "WP_ORIGIN is not set" };
  const now = deps.now?.() ?? new Date();
  const store = new SyncStateStore(deps.db, wordpressUrl, crypto.randomUUID());
  const state = await store.acquire(now, new Date(now.getTime() + LEASE_MS));
  if (!state) return { ran: false, reason: "another sync of this WordPress site is running" };

  const limits = { ...RUN_LIMITS[site.wordpressSyncPlan], ...options.limits };
  const run = new SyncRun(deps, { ...site, wordpressUrl }, store, state, limits, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  let outage: StorageUnavailable | undefined;
  try {
    await run.pullChanges();
    if (!run.summary.more) await run.reconcile();
  } catch (err) {
    if (err instanceof StorageUnavailable) outage = err;
    run.summary.error = err instanceof SyncFailure ? err.message : `stopped by an error: ${String(err)}`;
    console.error(`WordPress sync of ${wordpressUrl}: ${run.summary.error}; retrying next run`);
    await run.saveProgress();
  }
  try {
    await store.release(run.now(), run.summary.error);
  } catch (err) {
    // The lease expires on its own; the next run after that takes over.
    console.error("WordPress sync: could not release the lease", err);
  }
  // D1 failing is not WordPress's fault: the caller answers it as an outage (503), not a 502.
  if (outage) throw outage;
  return { ran: true, summary: run.summary };
}
