/**
 * Talking to the origin: the request Herald forwards, and the answer's redirect brought back
 * to the public site.
 */

/** How long the origin has to start answering before Herald gives up on it (a stale copy or a 502). */
export const ORIGIN_HEADERS_TIMEOUT_MS = 10_000;

/**
 * Headers that belong to one connection (RFC 9110 §7.6.1) and must not be forwarded, Host,
 * which the fetch sets from the origin's URL, and the headers a visitor could use to make the
 * origin believe in another host or path, whose answer would then be kept for everyone: Herald
 * sets X-Forwarded-Host and X-Forwarded-Proto itself.
 */
const NOT_FORWARDED = [
  "connection",
  "keep-alive",
  "proxy-connection",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "host",
  "forwarded",
  "x-forwarded-host",
  "x-forwarded-proto",
  "x-forwarded-port",
  "x-forwarded-server",
  "x-host",
  "x-original-url",
  "x-rewrite-url",
];

export class OriginUnavailable extends Error {
  override name = "OriginUnavailable";
}

/**
 * The visitor's request, sent to the origin: the same method, path, query, body, headers and
 * cookies, with the Host the origin's URL gives and the public host in X-Forwarded-Host (which
 * WordPress behind a proxy reads). Redirects come back to the visitor rather than being
 * followed here.
 */
export function toOrigin(request: Request, originUrl: string, siteUrl: string): Request {
  const url = new URL(request.url);
  const headers = new Headers(request.headers);
  for (const name of NOT_FORWARDED) headers.delete(name);
  const site = new URL(siteUrl);
  headers.set("X-Forwarded-Host", site.host);
  headers.set("X-Forwarded-Proto", site.protocol.slice(0, -1));
  const client = request.headers.get("CF-Connecting-IP");
  if (client) headers.set("X-Forwarded-For", client);
  return new Request(`${originUrl}${url.pathname}${url.search}`, {
    method: request.method,
    headers,
    body: request.body,
    redirect: "manual",
  });
}

/**
 * Fetches from the origin, giving up when it has not started answering within the timeout;
 * once headers arrive the body streams for as long as it takes.
 */
export async function fetchOrigin(
  request: Request,
  { fetcher = fetch, timeoutMs = ORIGIN_HEADERS_TIMEOUT_MS }: { fetcher?: typeof fetch; timeoutMs?: number } = {},
): Promise<Response> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    return await fetcher(request, { signal: controller.signal });
  } catch (err) {
    throw new OriginUnavailable(controller.signal.aborted ? `no answer within ${timeoutMs} ms` : String(err));
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A Location on the origin's own host points at the public site instead, so a visitor is
 * never sent round Herald to the origin; any other Location is where the origin means to go.
 */
export function publicLocation(location: string, originUrl: string, siteUrl: string): string {
  const target = URL.parse(location, `${originUrl}/`);
  if (!target || target.origin !== new URL(originUrl).origin) return location;
  return `${new URL(siteUrl).origin}${target.pathname}${target.search}${target.hash}`;
}
