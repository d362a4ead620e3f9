import { type WxrItem, WxrReader } from "../../../src/edge/wordpress/wxr";

/** Reads a whole export through the streaming reader, `chunkBytes` bytes at a time, as the CLI feeds it. */
export function readExport(xml: string, chunkBytes = 64): { reader: WxrReader; items: WxrItem[] } {
  const bytes = new TextEncoder().encode(xml);
  const reader = new WxrReader();
  const items: WxrItem[] = [];
  for (let offset = 0; offset < bytes.length; offset += chunkBytes) items.push(...reader.push(bytes.subarray(offset, offset + chunkBytes)));
  items.push(...reader.end());
  return { reader, items };
}
