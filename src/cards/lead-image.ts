import { imageSize } from "image-size";

/** Largest lead image the card renderer fetches, in bytes. */
export const LEAD_IMAGE_MAX_BYTES = 3 * 1024 * 1024;
export const LEAD_IMAGE_TIMEOUT_MS = 3000;
/** Wider or taller than this, decoding alone would take too much memory and time. */
export const LEAD_IMAGE_MAX_PIXELS_PER_SIDE = 4000;
/**
 * At most 2560 × 2560 pixels (26 MB decoded, inside a Worker's 128 MB): WordPress scales every
 * upload down to 2560 px on its longer side (`big_image_size_threshold`, since 5.3), so a
 * featured image is never larger.
 */
const LEAD_IMAGE_MAX_PIXELS = 2560 * 2560;
const CARD_IMAGE_TYPES = new Set(["image/png", "image/jpeg"]);

/** The image's bytes and type; `unavailable` when the host could not be reached or failed (worth retrying later). */
export type LeadImageResult = { bytes: Uint8Array; type: "image/jpeg" | "image/png" } | { skipped: string } | { unavailable: string };

/** Whether the card renderer may fetch this URL: https on the default port, from an allowed host, no credentials. */
export function isCardImageUrl(url: string, allowedHosts: string[]): boolean {
  const parsed = URL.parse(url);
  return (
    parsed?.protocol === "https:" && parsed.port === "" && !parsed.username && !parsed.password && allowedHosts.includes(parsed.hostname)
  );
}

/**
 * Fetches an article's lead image for its card, only from `allowedHosts`, only a real PNG or
 * JPEG (checked by its header, which `image-size` reads) of at most 4000 px a side and 6.5
 * megapixels, within a
 * size and time limit. Anything else means a card without the image, never a failed card.
 */
export async function fetchLeadImage(url: string, allowedHosts: string[], fetcher: typeof fetch = fetch): Promise<LeadImageResult> {
  if (!isCardImageUrl(url, allowedHosts)) return { skipped: "host not allowed" };
  try {
    // A redirect is not followed (it could lead off the allowed hosts) and means no image;
    // workerd has no `redirect: "error"`.
    const response = await fetcher(url, { signal: AbortSignal.timeout(LEAD_IMAGE_TIMEOUT_MS), redirect: "manual" });
    const type = (response.headers.get("Content-Type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
    const declared = Number(response.headers.get("Content-Length") ?? "0");
    if (response.status >= 500) {
      await response.body?.cancel();
      return { unavailable: `HTTP ${response.status}` };
    }
    if (!response.ok || !CARD_IMAGE_TYPES.has(type) || declared > LEAD_IMAGE_MAX_BYTES || !response.body) {
      await response.body?.cancel();
      return { skipped: `HTTP ${response.status} ${type}` };
    }
    const bytes = await readAtMost(response.body, LEAD_IMAGE_MAX_BYTES);
    if (!bytes) return { skipped: "too large" };
    const size = safeImageSize(bytes);
    const kind = size?.type === "jpg" ? "image/jpeg" : size?.type === "png" ? "image/png" : undefined;
    const tooLarge =
      !size ||
      size.width > LEAD_IMAGE_MAX_PIXELS_PER_SIDE ||
      size.height > LEAD_IMAGE_MAX_PIXELS_PER_SIDE ||
      size.width * size.height > LEAD_IMAGE_MAX_PIXELS;
    if (!kind || tooLarge) return { skipped: "not a PNG or JPEG of a reasonable size" };
    return { bytes, type: kind };
  } catch (err) {
    console.error(`card: lead image ${url} not used: ${String(err)}`);
    return { unavailable: String(err) };
  }
}

function safeImageSize(bytes: Uint8Array): { width: number; height: number; type?: string } | undefined {
  try {
    const size = imageSize(bytes);
    return size.width && size.height ? { width: size.width, height: size.height, type: size.type } : undefined;
  } catch {
    return undefined;
  }
}

/** The whole stream, or undefined as soon as it passes `limit` bytes. */
async function readAtMost(stream: ReadableStream<Uint8Array>, limit: number): Promise<Uint8Array | undefined> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
