import { createExecutionContext, SELF, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect } from "vitest";
import { type AppDeps, createApp } from "../src/app/create-app";
import seedText from "./fixtures/seed/000_18a73aac01ae48bd.txt?raw";
import { deliverAll, HeldQueue } from "./publish-queue";

export { seedText };
export const SITE = "https://news.example";
export const TOKEN = env.ADMIN_TOKEN ?? "";

/** A request to the Worker's real entry point, as a client on the network would send it. */
export function request(path: string, init: RequestInit = {}): Promise<Response> {
  return SELF.fetch(new Request(`https://herald.test${path}`, init));
}

/** The init of an authorised admin API call, with a JSON body if one is given. */
export function adminInit(method: string, body?: unknown, token = TOKEN): RequestInit {
  const headers: Record<string, string> = { Authorization: `Bearer ${token}` };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  return { method, headers, body: body === undefined ? undefined : JSON.stringify(body) };
}

/** An authorised admin API call with a JSON body. */
export function adminApi(method: string, path: string, body?: unknown, token = TOKEN): Promise<Response> {
  return request(`/api/articles${path}`, adminInit(method, body, token));
}

type App = ReturnType<typeof createApp>;

interface AppFetchOptions {
  /** An app already built, kept across calls; otherwise one is made with `deps`. */
  app?: App;
  deps?: AppDeps;
  /** The bindings the app sees: wrangler.toml's unless given. */
  bindings?: Cloudflare.Env;
  /** The request's init when it is given as a path. */
  init?: RequestInit;
}

/**
 * A request (or a path on https://herald.test) through the app directly, with its own execution
 * context, returning once the background work it started (waitUntil) has finished.
 */
export async function appFetch(request: Request | string, options: AppFetchOptions = {}): Promise<Response> {
  const { app = createApp(options.deps), bindings = env, init } = options;
  const req = typeof request === "string" ? new Request(`https://herald.test${request}`, init) : request;
  const ctx = createExecutionContext();
  const res = await app.fetch(req, bindings, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

/** The seed article as the demo content sends it (title and date given, as the CLI does). */
export function seedArticleInput(overrides: Record<string, unknown> = {}) {
  return {
    title: "Iraqi prime minister survives drone attack on his Baghdad residence",
    publishedAt: "2021-11-07",
    section: "World",
    tags: ["Iraq", "Middle East"],
    bodyText: seedText,
    ...overrides,
  };
}

/** A small valid HTML article. */
export function htmlArticleInput(overrides: Record<string, unknown> = {}) {
  return {
    title: "A headline",
    publishedAt: "2024-05-01T09:30:00Z",
    authors: [{ name: "Jane Roe" }],
    bodyHtml: "<p>First paragraph.</p><p>Second paragraph.</p>",
    ...overrides,
  };
}

/** Row counts of every article table: a rejected request must leave all of them unchanged. */
export async function tableCounts(): Promise<Record<string, number>> {
  const tables = ["articles", "article_authors", "article_tags", "slug_redirects"];
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const row = await env.DB.prepare(`SELECT count(*) AS n FROM ${table}`).first<{ n: number }>();
    counts[table] = row?.n ?? -1;
  }
  return counts;
}

/**
 * An admin write through the app with its own execution context, returning once the
 * background work it starts has finished: the local purge, then every publish job it queued
 * (card render, WebSub pings, global purge), delivered to the Worker's queue handler. Pass a
 * HeldQueue as PUBLISH_QUEUE to see the jobs; otherwise one is made for the call.
 */
export async function adminWriteAndSettle(method: string, slug: string, body?: unknown, given: Cloudflare.Env = env): Promise<Response> {
  const queue = given.PUBLISH_QUEUE instanceof HeldQueue ? given.PUBLISH_QUEUE : new HeldQueue();
  const bindings = { ...given, PUBLISH_QUEUE: queue as unknown as Queue };
  const res = await appFetch(`/api/articles/${slug}`, {
    bindings,
    init: {
      method,
      headers: { Authorization: `Bearer ${TOKEN}`, "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    },
  });
  // The consumer runs in an invocation of its own, against D1 itself, not a test's failing wrapper.
  await deliverAll(queue, { ...bindings, DB: env.DB });
  return res;
}

/** Creates an article at `oldSlug`, then moves it (same id) to `newSlug`. */
export async function renameArticle(oldSlug: string, newSlug: string): Promise<void> {
  const created = await (await adminApi("PUT", `/${oldSlug}`, htmlArticleInput())).json<{ article: { id: string } }>();
  await adminApi("PUT", `/${newSlug}`, htmlArticleInput({ id: created.article.id }));
}

/** The versioned card URL (path and query) the unversioned one redirects to. */
export async function currentCardPath(slug: string): Promise<string> {
  const res = await request(`/cards/${slug}.png`, { redirect: "manual" });
  expect(res.status).toBe(302);
  const location = new URL(res.headers.get("Location") ?? "");
  return location.pathname + location.search;
}
