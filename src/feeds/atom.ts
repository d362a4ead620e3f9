import { escapeText } from "entities";
import { Feed } from "feed";
import type { FeedDocument, FeedEntry } from "./model";
import {
  cdata,
  channelOptions,
  elementSlot,
  escapedValue,
  fillSlot,
  finishXml,
  summaryHtml,
  withItems,
  xmlElement,
  xmlText,
} from "./xml-adapter";

/**
 * Atom 1.0. `feed` writes the feed's head; feed-level elements it cannot write (a typed self
 * link, several hubs, paging links) go into a slot it writes as `<rights>`, filled by the
 * adapter, and the adapter writes every entry.
 */
export function renderAtom(doc: FeedDocument): string {
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

  const feed = new Feed({
    ...channelOptions(doc),
    // The feed's id is its first page's URL: the same for every page of the same feed.
    id: escapedValue(paging?.first ?? doc.self.atom),
    favicon: doc.icon ? escapedValue(doc.icon) : undefined,
    copyright: elementSlot("feed"),
  });

  const head = finishXml(withLanguage(fillSlot(feed.atom1(), "rights", "feed", feedLinks.join("\n    ")), doc.language));
  return withItems(head, "</feed>", doc.entries.map(atomEntry));
}

/** Between an entry's elements, as `feed` indents them. */
const ENTRY_CHILD = "\n        ";

/** One `<entry>`, written by the adapter (see `withItems`). Titles and summaries are `type="html"`, so plain text is HTML-escaped. */
function atomEntry(entry: FeedEntry): string {
  const authors = entry.authors.map(
    (author) =>
      `<author>${ENTRY_CHILD}    <name>${xmlText(author.name)}</name>${ENTRY_CHILD}    <uri>${xmlText(new URL(author.url).href)}</uri>${ENTRY_CHILD}</author>`,
  );
  const categories = entry.categories.map((category) => xmlElement("category", { label: category.name, term: category.slug }));
  const image = entry.image;
  const enclosure = image
    ? [xmlElement("link", { rel: "enclosure", href: image.url, type: image.type, title: image.alt || undefined })]
    : [];
  const summary = summaryHtml(entry);
  const children = [
    `<title type="html">${cdata(escapeText(entry.title))}</title>`,
    `<id>${xmlText(entry.id)}</id>`,
    xmlElement("link", { href: new URL(entry.url).href }),
    `<updated>${new Date(entry.updated).toISOString()}</updated>`,
    // Left out when empty, as `feed` did.
    ...(summary ? [`<summary type="html">${cdata(summary)}</summary>`] : []),
    `<content type="html">${cdata(entry.contentHtml)}</content>`,
    `<published>${new Date(entry.published).toISOString()}</published>`,
    ...authors,
    ...categories,
    ...enclosure,
  ];
  return `\n    <entry>${ENTRY_CHILD}${children.join(ENTRY_CHILD)}\n    </entry>`;
}

/** Atom states the language as xml:lang on the root; `feed` does not write it. */
function withLanguage(xml: string, language: string): string {
  const root = '<feed xmlns="http://www.w3.org/2005/Atom"';
  return xml.replace(root, `${root} xml:lang="${escapedValue(language)}"`);
}
