/**
 * The benchmark's harness inside workerd, never deployed: Herald's own app (createApp, the
 * same code as the production bundle) behind bindings that count what requests cost, and
 * seeding through Herald's real write path. Production code has no benchmark switches; the
 * counting lives here.
 *
 * - `POST /__bench/seed?from=&count=`: writes generated articles with putArticle (validation,
 *   ingest, sanitising, one D1 batch each), without the after-change work, so cards stay cold.
 * - `GET /__bench/counts`, `POST /__bench/counts/reset`: D1 statements and card renders,
 *   split by the route that caused them ("page", "card", "other").
 * - anything else: Herald.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { createApp } from "../src/app/create-app";
import { ArticleRepository } from "../src/articles/repository";
import { putArticle } from "../src/articles/service";
import { isSlug } from "../src/articles/slug";
import { type Bindings, siteConfig } from "../src/site/config";
import { generatedArticle, generatedSlug } from "./generated-articles";

type Route = "page" | "card" | "other";
interface Counts {
  d1Statements: Record<Route, number>;
  cardRenders: Record<Route, number>;
}

const zero = (): Record<Route, number> => ({ page: 0, card: 0, other: 0 });
let counts: Counts = { d1Statements: zero(), cardRenders: zero() };

/** Which route a request is for; work done inside a shared flight counts for the request that started it. */
const currentRoute = new AsyncLocalStorage<Route>();
const route = (): Route => currentRoute.getStore() ?? "other";

/** A binding whose chosen methods are counted; everything else passes through unchanged. */
// biome-ignore lint/suspicious/noExplicitAny: a tally takes whatever arguments the counted binding method takes.
function counted<T extends object>(target: T, count: Partial<Record<keyof T, (...args: any[]) => void>>): T {
  return new Proxy(target, {
    get(object, property) {
      const value = Reflect.get(object, property);
      if (typeof value !== "function") return value;
      const tally = count[property as keyof T];
      return (...args: unknown[]) => {
        tally?.(...args);
        return value.apply(object, args);
      };
    },
  });
}

function countingBindings(env: Bindings): Bindings {
  return {
    ...env,
    // Every statement Herald prepares is one it runs (reads and writes alike).
    DB: counted(env.DB, { prepare: () => counts.d1Statements[route()]++ }),
    // Only a render stores an article card in R2, so each put is one render.
    CARDS: counted(env.CARDS, { put: (key: string) => key.startsWith("articles/") && counts.cardRenders[route()]++ }),
  };
}

async function seed(env: Bindings, from: number, count: number): Promise<Response> {
  const site = siteConfig(env);
  const repo = new ArticleRepository(env.DB, site.url);
  const slugs: string[] = [];
  for (let i = from; i < from + count; i++) {
    const slug = generatedSlug(i);
    if (!isSlug(slug)) throw new Error(`generated article ${i} has an invalid slug: ${slug}`);
    await putArticle(repo, site, slug, generatedArticle(i), new Date().toISOString());
    slugs.push(slug);
  }
  return Response.json({ slugs });
}

const app = createApp();

export default {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    if (url.pathname === "/__bench/seed" && request.method === "POST") {
      return seed(env, Number(url.searchParams.get("from")), Number(url.searchParams.get("count")));
    }
    if (url.pathname === "/__bench/counts") return Response.json(counts);
    if (url.pathname === "/__bench/counts/reset" && request.method === "POST") {
      counts = { d1Statements: zero(), cardRenders: zero() };
      return new Response(null, { status: 204 });
    }
    const kind: Route = url.pathname.startsWith("/articles/") ? "page" : url.pathname.startsWith("/cards/") ? "card" : "other";
    return currentRoute.run(kind, () => app.fetch(request, countingBindings(env), ctx));
  },
} satisfies ExportedHandler<Bindings>;
