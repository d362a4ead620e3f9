import { NO_STORE } from "./cache-control";
import { answerConditionally } from "./conditional";

/**
 * One `Range: bytes=…` request (RFC 9110 §14.1.2) against a body of `size` bytes: the
 * inclusive span to send, "unsatisfiable" (answer 416), or undefined to ignore the header
 * and send everything (no header, another unit, several ranges, bad syntax).
 */
function parseByteRange(header: string | undefined, size: number): { start: number; end: number } | "unsatisfiable" | undefined {
  const match = header?.trim().match(/^bytes=(\d*)-(\d*)$/i);
  if (!match) return undefined;
  const [, first = "", last = ""] = match;
  if (first === "" && last === "") return undefined;
  if (first === "") {
    const suffix = Number(last);
    if (suffix === 0) return "unsatisfiable";
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  if (start >= size) return "unsatisfiable";
  const end = last === "" ? size - 1 : Number(last);
  if (end < start) return undefined;
  return { start, end: Math.min(end, size - 1) };
}

/**
 * A whole 200 answer as a `Range` request asks for it: one range (206), 416 when the range
 * lies past the end, or the whole body under conditional GET when there is no range to serve.
 * Other answers (redirects) go out as they are.
 */
export async function answerByteRange(request: Request, response: Response): Promise<Response> {
  if (response.status !== 200) return response;
  const header = request.headers.get("Range");
  if (header === null) return answerConditionally(request, response);
  const bytes = new Uint8Array(await response.arrayBuffer());
  const size = bytes.byteLength;
  const range = parseByteRange(header, size);
  const headers = new Headers(response.headers);
  if (range === undefined) return answerConditionally(request, new Response(bytes, { status: 200, headers }));
  headers.delete("Content-Length");
  if (range === "unsatisfiable") {
    headers.set("Content-Range", `bytes */${size}`);
    headers.set("Cache-Control", NO_STORE);
    return new Response(null, { status: 416, headers });
  }
  headers.set("Content-Range", `bytes ${range.start}-${range.end}/${size}`);
  headers.set("Content-Length", String(range.end - range.start + 1));
  return new Response(bytes.slice(range.start, range.end + 1), { status: 206, headers });
}
