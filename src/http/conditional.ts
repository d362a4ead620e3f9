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
 * What a conditional request is compared with, read once from a response's headers: a stored
 * answer's are worked out once per entry, not once per request.
 */
export interface Validators {
  etag: string | null;
  /** The entity tag without its weakness flag, for the weak comparison (RFC 9110 §8.8.3.2). */
  opaqueEtag: string | null;
  /** Last-Modified in ms since the epoch, NaN when absent or unreadable. */
  lastModified: number;
}

const opaqueTag = (tag: string) => tag.trim().replace(/^W\//, "");

export function validatorsOf(headers: Headers): Validators {
  const etag = headers.get("ETag");
  return { etag, opaqueEtag: etag === null ? null : opaqueTag(etag), lastModified: Date.parse(headers.get("Last-Modified") ?? "") };
}

/** The request's conditional headers, as `isCurrent` reads them. */
export interface Preconditions {
  method: string;
  ifNoneMatch: string | null;
  ifModifiedSince: string | null;
}

/**
 * RFC 9110 §13.1: If-None-Match (weak comparison) decides when present; otherwise
 * If-Modified-Since compared with Last-Modified at one-second precision.
 */
export function isCurrent({ method, ifNoneMatch, ifModifiedSince }: Preconditions, validators: Validators): boolean {
  if (method !== "GET" && method !== "HEAD") return false;
  if (ifNoneMatch !== null) {
    const { etag, opaqueEtag } = validators;
    if (etag === null || opaqueEtag === null) return false;
    // A poller sends back the tag it was given, byte for byte: equal strings match without
    // parsing the list (a tag with a comma in it goes the long way, as the list splits it).
    if (ifNoneMatch === etag && !etag.includes(",")) return true;
    return ifNoneMatch.trim() === "*" || ifNoneMatch.split(",").some((tag) => opaqueTag(tag) === opaqueEtag);
  }
  const since = Date.parse(ifModifiedSince ?? "");
  return !Number.isNaN(since) && !Number.isNaN(validators.lastModified) && validators.lastModified <= since;
}

export function preconditionsOf(request: Request): Preconditions {
  const ifNoneMatch = request.headers.get("If-None-Match");
  return { method: request.method, ifNoneMatch, ifModifiedSince: ifNoneMatch === null ? request.headers.get("If-Modified-Since") : null };
}

export function isNotModified(request: Request, headers: Headers): boolean {
  return isCurrent(preconditionsOf(request), validatorsOf(headers));
}

/** RFC 9110 §15.4.5: the headers a 304 repeats from the 200 it stands for. */
const NOT_MODIFIED_HEADERS = ["Cache-Control", "ETag", "Last-Modified", "Link", "Vary", "Content-Location", "Expires"] as const;

/** The headers of the 304 that stands for a response with `headers`. */
export function notModifiedHeaders(headers: Headers): Headers {
  const kept = new Headers();
  for (const name of NOT_MODIFIED_HEADERS) {
    const value = headers.get(name);
    if (value !== null) kept.set(name, value);
  }
  return kept;
}

/** The headers a 304 must repeat, and no body. */
export function notModified(headers: Headers): Response {
  return new Response(null, { status: 304, headers: notModifiedHeaders(headers) });
}

/** The response as the request asked for it: 304 when the client's copy is current. */
export function answerConditionally(request: Request, response: Response): Response {
  return isNotModified(request, response.headers) ? notModified(response.headers) : response;
}
