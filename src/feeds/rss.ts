import { Feed } from "feed";
import type { FeedDocument, FeedEntry } from "./model";
import { cdata, channelOptions, escapedValue, finishXml, summaryHtml, withItems, xmlAttributes, xmlElement, xmlText } from "./xml-adapter";

const NAMESPACES: Record<string, string> = {
  "xmlns:atom": "http://www.w3.org/2005/Atom",
  "xmlns:content": "http://purl.org/rss/1.0/modules/content/",
  "xmlns:dc": "http://purl.org/dc/elements/1.1/",
  "xmlns:media": "http://search.yahoo.com/mrss/",
};

/** `feed` declares some namespaces only in some cases; declare every one the document uses. */
function declareNamespaces(xml: string): string {
  const start = xml.indexOf("<rss ");
  const end = xml.indexOf(">", start);
  const rootTag = xml.slice(start, end);
  const missing = Object.entries(NAMESPACES)
    .filter(([name]) => !rootTag.includes(`${name}=`))
    .map(([name, uri]) => ` ${name}="${uri}"`)
    .join("");
  return xml.slice(0, end) + missing + xml.slice(end);
}

/** RSS 2.0 with content:encoded, dc:creator, Media RSS and atom:link self/hub/paging. */
export function renderRss(doc: FeedDocument): string {
  const feed = new Feed({
    ...channelOptions(doc),
    image: doc.icon ? escapedValue(doc.icon) : undefined,
    feedLinks: { rss: doc.self.rss },
  });

  // Replaces the self link `feed` writes: it allows one hub and knows no paging links.
  const paging = doc.paging.rss;
  const links: [string, string | undefined, string?][] = [
    ["self", doc.self.rss, "application/rss+xml"],
    ...doc.hubs.map((hub): [string, string] => ["hub", hub]),
    ["first", paging?.first],
    ["previous", paging?.previous],
    ["next", paging?.next],
    ["last", paging?.last],
  ];
  feed.addExtension({
    name: "atom:link",
    objects: links
      .filter(([, href]) => href !== undefined)
      .map(([rel, href, type]) => ({
        _attributes: { href: escapedValue(href ?? ""), rel, ...(type ? { type } : {}) },
      })) as unknown as Record<string, unknown>,
  });

  return withItems(finishXml(declareNamespaces(feed.rss2())), "</channel>", doc.entries.map(rssItem));
}

/** Between an item's elements, as `feed` indents them. */
const ITEM_CHILD = "\n            ";

/** One `<item>`, written by the adapter (see `withItems`). */
function rssItem(entry: FeedEntry): string {
  const image = entry.image;
  const summary = summaryHtml(entry);
  // Left out when empty, as `feed` did.
  const children = [
    ...(entry.title ? [`<title>${cdata(entry.title)}</title>`] : []),
    `<link>${xmlText(new URL(entry.url).href)}</link>`,
    `<guid isPermaLink="false">${xmlText(entry.id)}</guid>`,
    `<pubDate>${new Date(entry.published).toUTCString()}</pubDate>`,
    ...(summary ? [`<description>${cdata(summary)}</description>`] : []),
    `<content:encoded>${cdata(entry.contentHtml)}</content:encoded>`,
    ...entry.categories.map((category) => `<category${xmlAttributes({ domain: category.url })}>${xmlText(category.name)}</category>`),
    ...entry.authors.map((author) => `<dc:creator>${xmlText(author.name)}</dc:creator>`),
    ...(image
      ? [
          `<media:content${xmlAttributes({ url: image.url, medium: "image", type: image.type || undefined, width: image.width || undefined, height: image.height || undefined })}>`,
          `    ${xmlElement("media:thumbnail", { url: image.url })}`,
          ...(image.alt ? [`    <media:description type="plain">${xmlText(image.alt)}</media:description>`] : []),
          "</media:content>",
        ]
      : []),
  ];
  return `\n        <item>${ITEM_CHILD}${children.join(ITEM_CHILD)}\n        </item>`;
}
