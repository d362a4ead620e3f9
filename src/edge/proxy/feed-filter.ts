import { MAX_SHORTCODE_CHARS, replaceShareShortcodesInMarkup } from "../../articles/ingest/shortcodes";

/**
 * An origin feed (or any XML) with the Elfsight shortcode removed, streaming. The match holds
 * no `<` or `>`, so removing it never cuts a tag, an entity or a CDATA section: the XML stays
 * as valid as the origin made it. A chunk's unclosed "[…" tail is held back until the next
 * chunk, since a shortcode may be split between them.
 */
export function withoutShortcodes(body: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
  let held = "";
  const strip = new TransformStream<string, string>({
    transform(chunk, controller) {
      const text = held + chunk;
      // The earliest "[" that no "]" follows, within a shortcode's length of the end.
      const open = text.indexOf("[", Math.max(text.lastIndexOf("]") + 1, text.length - MAX_SHORTCODE_CHARS));
      const cut = open === -1 ? text.length : open;
      held = text.slice(cut);
      controller.enqueue(replaceShareShortcodesInMarkup(text.slice(0, cut), () => ""));
    },
    flush(controller) {
      controller.enqueue(replaceShareShortcodesInMarkup(held, () => ""));
    },
  });
  return body.pipeThrough(new TextDecoderStream()).pipeThrough(strip).pipeThrough(new TextEncoderStream());
}

/**
 * Feeds and other XML in UTF-8 (or with no charset, which for XML means UTF-8 unless its
 * declaration says otherwise): where the shortcode would show as literal text. Another charset
 * passes untouched rather than be re-encoded.
 */
export function isUtf8Xml(contentType: string): boolean {
  const charset = /;\s*charset=["']?([\w-]+)/i.exec(contentType)?.[1]?.toLowerCase();
  return (
    /^(?:application|text)\/(?:[\w.+-]+\+)?xml\b/i.test(contentType) && (charset === undefined || charset === "utf-8" || charset === "utf8")
  );
}
