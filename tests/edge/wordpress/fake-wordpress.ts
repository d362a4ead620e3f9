import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { type SyncOptions, type SyncOutcome, syncWordPress } from "../../../src/edge/wordpress/sync";
import { publishDeps } from "../../../src/publish/deps";
import { siteConfig } from "../../../src/site/config";
import badGateway from "../../fixtures/wordpress/rest/bad-gateway.html?raw";
import criticalError from "../../fixtures/wordpress/rest/critical-error.html?raw";
import invalidPageNumber from "../../fixtures/wordpress/rest/invalid-page-number.json?raw";
import page1 from "../../fixtures/wordpress/rest/posts-page-1.json?raw";
import page2 from "../../fixtures/wordpress/rest/posts-page-2.json?raw";
import truncatedPage from "../../fixtures/wordpress/rest/truncated-page.txt?raw";

export const WP_ORIGIN = "https://origin.fismnews.example";
/** The host of the posts' permalinks, and so of their Herald ids. */
export const PERMALINK_HOST = "fismnews.example";

// biome-ignore lint/suspicious/noExplicitAny: recorded REST JSON, edited field by field by the tests.
export type RestPostJson = Record<string, any>;

/** The recorded posts (both pages of the fixture), fresh copies each call. */
export function recordedPosts(): RestPostJson[] {
  return [...JSON.parse(page1), ...JSON.parse(page2)];
}

export const recorded = { badGateway, criticalError, invalidPageNumber, truncatedPage };

const JSON_TYPE = "application/json; charset=UTF-8";

type Answer = (url: URL, init: RequestInit | undefined) => Response | Promise<Response>;

/**
 * A WordPress site's `/wp-json/wp/v2/posts` as WordPress answers it, over a set of published
 * posts: `modified_after`/`modified_before` (exclusive, to the second), `include`, `exclude`,
 * `orderby=modified|id`, `order`, `per_page`, `page`, `_fields`, `_embed`, the X-WP-Total and
 * X-WP-TotalPages headers, and the 400 `rest_post_invalid_page_number` past the last page.
 *
 * Posts saved in the same second come back in a different order on every request (MySQL
 * gives no order among equal sort keys), so a sync that pages by offset through them would
 * miss some.
 */
export class FakeWordPress {
  readonly posts = new Map<number, RestPostJson>();
  readonly requests: URL[] = [];
  private overrides: { when: (url: URL) => boolean; answer: Answer; times: number }[] = [];

  constructor(posts: RestPostJson[] = recordedPosts()) {
    for (const post of posts) this.posts.set(post.id, post);
  }

  /** The next `times` requests matching `when` get `answer` instead. */
  failWhen(when: (url: URL) => boolean, answer: Answer, times = 1): void {
    this.overrides.push({ when, answer, times });
  }

  /** Moves a post to the trash: the public API no longer lists it. */
  trash(id: number): void {
    this.posts.delete(id);
  }

  /** An edit in wp-admin: new fields and a new modified time. */
  edit(id: number, changes: RestPostJson): void {
    const post = this.posts.get(id);
    if (!post) throw new Error(`no post ${id}`);
    this.posts.set(id, { ...post, ...changes });
  }

  readonly fetcher: typeof fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    this.requests.push(url);
    const override = this.overrides.find((o) => o.times > 0 && o.when(url));
    if (override) {
      override.times--;
      return override.answer(url, init);
    }
    if (url.origin !== WP_ORIGIN || url.pathname !== "/wp-json/wp/v2/posts") {
      return new Response(JSON.stringify({ code: "rest_no_route", message: "No route was found.", data: { status: 404 } }), {
        status: 404,
        headers: { "Content-Type": JSON_TYPE },
      });
    }
    return this.listPosts(url.searchParams);
  };

  private listPosts(params: URLSearchParams): Response {
    const ids = (name: string) => new Set((params.get(name) ?? "").split(",").filter(Boolean).map(Number));
    const after = params.get("modified_after");
    const before = params.get("modified_before");
    const include = ids("include");
    const exclude = ids("exclude");
    let posts = [...this.posts.values()].filter((post) => post.status === "publish");
    if (after) posts = posts.filter((post) => Date.parse(`${post.modified_gmt}Z`) > Date.parse(after));
    if (before) posts = posts.filter((post) => Date.parse(`${post.modified_gmt}Z`) < Date.parse(before));
    if (include.size) posts = posts.filter((post) => include.has(post.id));
    posts = posts.filter((post) => !exclude.has(post.id));

    const orderby = params.get("orderby") ?? "date";
    const direction = params.get("order") === "asc" ? 1 : -1;
    // Ties in an order that changes with every request.
    const tieDirection = this.requests.length % 2 === 0 ? 1 : -1;
    const key = (post: RestPostJson) => (orderby === "modified" ? post.modified_gmt : orderby === "id" ? post.id : post.date_gmt);
    posts.sort((a, b) => {
      const [ka, kb] = [key(a), key(b)];
      if (ka !== kb) return (ka < kb ? -1 : 1) * direction;
      return (a.id - b.id) * tieDirection;
    });

    const perPage = Number(params.get("per_page") ?? 10);
    const page = Number(params.get("page") ?? 1);
    const total = posts.length;
    const totalPages = Math.ceil(total / perPage);
    if (page > totalPages && total > 0) return new Response(invalidPageNumber, { status: 400, headers: { "Content-Type": JSON_TYPE } });
    const fields = params.get("_fields")?.split(",");
    const embed = params.has("_embed");
    const items = posts.slice((page - 1) * perPage, page * perPage).map((post) => {
      if (fields) return Object.fromEntries(fields.filter((field) => field in post).map((field) => [field, post[field]]));
      if (embed) return post;
      const { _embedded, ...rest } = post;
      return rest;
    });
    return new Response(JSON.stringify(items), {
      status: 200,
      headers: { "Content-Type": JSON_TYPE, "X-WP-Total": String(total), "X-WP-TotalPages": String(totalPages) },
    });
  }
}

/** The bindings with WP_ORIGIN set, as deployed in edge mode. */
export function syncEnv(overrides: Partial<Cloudflare.Env> = {}): Cloudflare.Env {
  return { ...env, WP_ORIGIN, ...overrides };
}

/** Runs one sync against `wordpress`, returning once its publishing has finished. */
export async function runSync(wordpress: { fetcher: typeof fetch }, options: SyncOptions = {}): Promise<SyncOutcome> {
  const ctx = createExecutionContext();
  const site = siteConfig(syncEnv());
  const outcome = await syncWordPress(
    { db: env.DB, publish: publishDeps(env, site), fetcher: wordpress.fetcher, waitUntil: (promise) => ctx.waitUntil(promise) },
    site,
    { limits: { perPage: 3, subrequests: 1000, d1Queries: 1000, changes: 100 }, ...options },
  );
  await waitOnExecutionContext(ctx);
  return outcome;
}

/** The summary of a run that ran (fails the test otherwise). */
export function summaryOf(outcome: SyncOutcome) {
  if (!outcome.ran) throw new Error(`the sync did not run: ${outcome.reason}`);
  return outcome.summary;
}

/** Herald's id for a recorded post. */
export function heraldId(postId: number): string {
  return `wp:${PERMALINK_HOST}:${postId}`;
}

/** The sync's row in D1. */
export async function syncRow() {
  return env.DB.prepare("SELECT cursor_modified, cursor_done_ids, reconcile_after, lease_token FROM wordpress_sync WHERE origin = ?")
    .bind(WP_ORIGIN)
    .first<{ cursor_modified: string | null; cursor_done_ids: string; reconcile_after: string; lease_token: string | null }>();
}

/** Every article row (id, slug, title, status, hash, updated_at), for before/after comparisons. */
export async function articleRows() {
  const { results } = await env.DB.prepare("SELECT id, slug, title, status, content_hash, updated_at FROM articles ORDER BY id").all<{
    id: string;
    slug: string;
    title: string;
    status: string;
    content_hash: string;
    updated_at: string;
  }>();
  return results;
}
