import { escapeText } from "entities";
import { Feed } from "feed";
import type { FeedDocument, FeedEntry } from "./model";
import {
  cdataValue,
  channelOptions,
  elementSlot,
  escapedValue,
  fillSlots,
  finishXml,
  itemOptions,
  xmlElement,
  xmlText,
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
    const key = `entry-${index}`;
    const written = entryTail(entry);
    if (written) slots.set(key, written);
    feed.addItem({
      ...itemOptions(entry, contents),
      title: cdataValue(escapeText(entry.title)),
      copyright: written ? elementSlot(key) : undefined,
    });
  });
  return fillSlots(finishXml(withLanguage(fillSlots(feed.atom1(), slots, "rights"), doc.language)), contents);
}

/** Between an entry's elements, as `feed` indents them. */
const ENTRY_CHILD = "\n        ";

/**
 * An entry's authors, categories and enclosure, written by the adapter into the entry's slot.
 * `feed` could write authors and categories, but its serialiser (xml-js) was 27% of a 50-entry
 * feed's CPU time, most of it on these small nested elements (measured December 2026); Atom
 * lets an entry's elements come in any order (RFC 4287 §4.1.2).
 */
function entryTail(entry: FeedEntry): string {
  const authors = entry.authors.map(
    (author) =>
      `<author>${ENTRY_CHILD}    <name>${xmlText(author.name)}</name>${ENTRY_CHILD}    <uri>${xmlText(new URL(author.url).href)}</uri>${ENTRY_CHILD}</author>`,
  );
  const categories = entry.categories.map((category) => xmlElement("category", { label: category.name, term: category.slug }));
  const image = entry.image;
  const enclosure = image
    ? [xmlElement("link", { rel: "enclosure", href: image.url, type: image.type, title: image.alt || undefined })]
    : [];
  return [...authors, ...categories, ...enclosure].join(ENTRY_CHILD);
}

/** Atom states the language as xml:lang on the root; `feed` does not write it. */
function withLanguage(xml: string, language: string): string {
  const root = '<feed xmlns="http://www.w3.org/2005/Atom"';
  return xml.replace(root, `${root} xml:lang="${escapedValue(language)}"`);
}
