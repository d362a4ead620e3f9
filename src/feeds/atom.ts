import { escapeText } from "entities";
import { Feed } from "feed";
import type { FeedDocument } from "./model";
import {
  cdataValue,
  channelOptions,
  elementSlot,
  escapedAttribute,
  escapedValue,
  fillSlots,
  finishXml,
  itemOptions,
  xmlElement,
} from "./xml-adapter";

/**
 * Atom 1.0. `feed` writes titles and summaries as `type="html"`, so plain text is HTML-escaped
 * first. Elements `feed` cannot write (a typed self link, several hubs, paging links, an
 * enclosure with its real type) go into a slot it writes as `<rights>`, filled by the adapter.
 */
export function renderAtom(doc: FeedDocument): string {
  const slots = new Map<string, string>();
  const contents = new Map<string, string>();
  const paging = doc.paging.atom;
  // `feed` writes its self link without a type; the adapter writes every feed-level link.
  const feedLinks = [
    xmlElement("link", { rel: "self", href: doc.self.atom, type: "application/atom+xml" }),
    ...doc.hubs.map((href) => xmlElement("link", { rel: "hub", href })),
    ...(paging
      ? (["first", "previous", "next", "last"] as const)
          .filter((rel) => paging[rel] !== undefined)
          .map((rel) => xmlElement("link", { rel, href: paging[rel], type: "application/atom+xml" }))
      : []),
  ];
  slots.set("feed", feedLinks.join("\n    "));

  const feed = new Feed({
    ...channelOptions(doc),
    // The feed's id is its first page's URL: the same for every page of the same feed.
    id: escapedValue(paging?.first ?? doc.self.atom),
    favicon: doc.icon ? escapedValue(doc.icon) : undefined,
    copyright: elementSlot("feed"),
  });

  doc.entries.forEach((entry, index) => {
    const image = entry.image;
    const key = `entry-${index}`;
    if (image) {
      slots.set(key, xmlElement("link", { rel: "enclosure", href: image.url, type: image.type, title: image.alt || undefined }));
    }
    feed.addItem({
      ...itemOptions(entry, contents),
      title: cdataValue(escapeText(entry.title)),
      author: entry.authors.map((author) => ({ name: escapedValue(author.name), link: author.url })),
      category: entry.categories.map((category) => ({ name: escapedAttribute(category.name), term: escapedAttribute(category.slug) })),
      copyright: image ? elementSlot(key) : undefined,
    });
  });
  return fillSlots(finishXml(withLanguage(fillSlots(feed.atom1(), slots, "rights"), doc.language)), contents);
}

/** Atom states the language as xml:lang on the root; `feed` does not write it. */
function withLanguage(xml: string, language: string): string {
  const root = '<feed xmlns="http://www.w3.org/2005/Atom"';
  return xml.replace(root, `${root} xml:lang="${escapedValue(language)}"`);
}
