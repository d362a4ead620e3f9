import { Feed } from "feed";
import type { FeedDocument } from "./model";
import { cdataValue, channelOptions, escapedValue, fillSlots, finishXml, itemOptions } from "./xml-adapter";

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

  const contents = new Map<string, string>();
  for (const entry of doc.entries) {
    const image = entry.image;
    feed.addItem({
      ...itemOptions(entry, contents),
      title: cdataValue(entry.title),
      category: entry.categories.map((category) => ({
        name: escapedValue(category.name),
        domain: category.url ? escapedValue(category.url) : undefined,
      })),
      extensions: [
        {
          name: "dc:creator",
          objects: entry.authors.map((author) => ({ _text: escapedValue(author.name) })) as unknown as Record<string, unknown>,
        },
        ...(image
          ? [
              {
                name: "media:content",
                objects: {
                  _attributes: {
                    url: escapedValue(image.url),
                    medium: "image",
                    ...(image.type ? { type: image.type } : {}),
                    ...(image.width ? { width: image.width } : {}),
                    ...(image.height ? { height: image.height } : {}),
                  },
                  "media:thumbnail": { _attributes: { url: escapedValue(image.url) } },
                  ...(image.alt ? { "media:description": { _attributes: { type: "plain" }, _text: escapedValue(image.alt) } } : {}),
                },
              },
            ]
          : []),
      ],
    });
  }
  return fillSlots(finishXml(declareNamespaces(feed.rss2())), contents);
}
