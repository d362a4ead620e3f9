/**
 * Reading the WordPress REST API (`<WP_ORIGIN>/wp-json/wp/v2/…`): one GET per call, with a
 * timeout, and a strict reading of the answer. Anything but a JSON array from WordPress (an
 * origin error, a timeout, a proxy's HTML error page, WordPress's "critical error" page served
 * with 200, a PHP warning before the JSON, malformed JSON) is a SyncFailure that stops the run:
 * the caller stores nothing more and leaves its cursor where it was.
 */

/** Who is asking, in the origin's access log. */
export const USER_AGENT = "Herald/0.1 (WordPress REST sync)";

/** Long enough for a slow WordPress to build a page of embedded posts; short enough for several per run. */
export const DEFAULT_TIMEOUT_MS = 15_000;

/** Why a run stopped early; its message goes to the log and the run summary. */
export class SyncFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SyncFailure";
  }
}

export interface RestClientOptions {
  /** WP_ORIGIN, without a trailing slash. */
  origin: string;
  fetcher: typeof fetch;
  timeoutMs: number;
}

export interface RestPage {
  items: unknown[];
  /** X-WP-Total / X-WP-TotalPages, when WordPress sent them. */
  total?: number;
  totalPages?: number;
}

/** WordPress's JSON error body: `{ "code": "rest_post_invalid_page_number", "message": …, "data": { "status": 400 } }`. */
function wordpressErrorCode(body: unknown): string | undefined {
  if (typeof body === "object" && body !== null && "code" in body && typeof body.code === "string") return body.code;
  return undefined;
}

/** The first characters of a body, for a log line that shows what came back. */
function preview(text: string): string {
  const line = text.replace(/\s+/g, " ").trim().slice(0, 80);
  return line === "" ? "an empty body" : JSON.stringify(line);
}

function headerCount(response: Response, name: string): number | undefined {
  const value = response.headers.get(name);
  return value !== null && /^\d+$/.test(value.trim()) ? Number(value) : undefined;
}

/** `/wp-json/wp/v2/<route>?<query>` under the origin. */
export function restUrl(origin: string, route: string, query: URLSearchParams): string {
  return `${origin}/wp-json/wp/v2/${route}?${query}`;
}

/**
 * GETs one collection page. A 400 `rest_post_invalid_page_number` (a page past the last) is an
 * empty page, as WordPress means it.
 */
export async function getCollection(options: RestClientOptions, route: string, query: URLSearchParams): Promise<RestPage> {
  const url = restUrl(options.origin, route, query);
  let response: Response;
  let text: string;
  try {
    response = await options.fetcher(url, {
      headers: { Accept: "application/json", "User-Agent": USER_AGENT },
      redirect: "follow",
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    text = await response.text();
  } catch (err) {
    const timedOut = err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError");
    throw new SyncFailure(timedOut ? `${url}: no answer within ${options.timeoutMs} ms` : `${url}: unreachable (${String(err)})`);
  }

  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    const type = response.headers.get("Content-Type") ?? "no Content-Type";
    const what = /html/i.test(type) || /^\s*</.test(text) ? "an HTML page" : "malformed JSON";
    throw new SyncFailure(`${url}: answered ${response.status} with ${what} instead of JSON (${type}; ${preview(text)})`);
  }
  if (response.status === 400 && wordpressErrorCode(body) === "rest_post_invalid_page_number") return { items: [] };
  if (!response.ok) {
    throw new SyncFailure(`${url}: answered ${response.status}${wordpressErrorCode(body) ? ` ${wordpressErrorCode(body)}` : ""}`);
  }
  if (!Array.isArray(body)) throw new SyncFailure(`${url}: answered JSON that is not a list of posts (${preview(text)})`);
  return { items: body, total: headerCount(response, "X-WP-Total"), totalPages: headerCount(response, "X-WP-TotalPages") };
}
