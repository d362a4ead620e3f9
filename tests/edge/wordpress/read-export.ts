import { type WxrItem, WxrReader } from "../../../src/edge/wordpress/wxr";
import { articleFromWxrItem, attachmentOf, type WordPressArticleBody, type WxrAttachment } from "../../../src/edge/wordpress/wxr-article";

/** Reads a whole export through the streaming reader, `chunkBytes` bytes at a time, as the CLI feeds it. */
export function readExport(xml: string, chunkBytes = 64): { reader: WxrReader; items: WxrItem[] } {
  const bytes = new TextEncoder().encode(xml);
  const reader = new WxrReader();
  const items: WxrItem[] = [];
  for (let offset = 0; offset < bytes.length; offset += chunkBytes) items.push(...reader.push(bytes.subarray(offset, offset + chunkBytes)));
  items.push(...reader.end());
  return { reader, items };
}

/** The export's articles as the CLI sends them: attachments first collected, then every post mapped. */
export function exportedArticles(xml: string): { slug: string; body: WordPressArticleBody }[] {
  const { reader, items } = readExport(xml);
  const attachments = new Map<string, WxrAttachment>();
  for (const item of items) {
    const found = attachmentOf(item);
    if (found) attachments.set(found.id, found.attachment);
  }
  return items.flatMap((item) => {
    const outcome = articleFromWxrItem(item, { authors: reader.authors, attachments });
    return outcome.kind === "article" ? [{ slug: outcome.slug, body: outcome.body }] : [];
  });
}
