import { sha256, toBase64 } from "./hash";

/** A strong ETag from the body's SHA-256: equal bytes, equal tag, on every instance. */
export async function bodyEtag(body: string | Uint8Array): Promise<string> {
  const digest = toBase64(await sha256(body))
    .replace(/=+$/, "")
    .replace(/\+/g, "-")
    .replace(/\//g, "_");
  return `"${digest.slice(0, 27)}"`;
}

/** RFC 9110 date for Last-Modified, from an ISO timestamp. */
export function httpDate(iso: string): string {
  return new Date(iso).toUTCString();
}

/**
 * RFC 9110 §13.1: If-None-Match (weak comparison) decides when present; otherwise
 * If-Modified-Since compared with Last-Modified at one-second precision.
 */
export function isNotModified(request: Request, headers: Headers): boolean {
  if (request.method !== "GET" && request.method !== "HEAD") return false;
  const etag = headers.get("ETag");
  const ifNoneMatch = request.headers.get("If-None-Match");
  if (ifNoneMatch !== null) {
    if (!etag) return false;
    const opaque = (tag: string) => tag.trim().replace(/^W\//, "");
    return ifNoneMatch.trim() === "*" || ifNoneMatch.split(",").some((tag) => opaque(tag) === opaque(etag));
  }
  const ifModifiedSince = Date.parse(request.headers.get("If-Modified-Since") ?? "");
  const lastModified = Date.parse(headers.get("Last-Modified") ?? "");
  return !Number.isNaN(ifModifiedSince) && !Number.isNaN(lastModified) && lastModified <= ifModifiedSince;
}

/** The headers a 304 must repeat (RFC 9110 §15.4.5), and no body. */
export function notModified(headers: Headers): Response {
  const kept = new Headers();
  for (const name of ["Cache-Control", "ETag", "Last-Modified", "Link", "Vary", "Content-Location", "Expires"]) {
    const value = headers.get(name);
    if (value !== null) kept.set(name, value);
  }
  return new Response(null, { status: 304, headers: kept });
}

/** The response as the request asked for it: 304 when the client's copy is current. */
export function answerConditionally(request: Request, response: Response): Response {
  return isNotModified(request, response.headers) ? notModified(response.headers) : response;
}
