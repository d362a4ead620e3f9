import type { FeedDocument } from "./model";

/**
 * JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/). Written directly: `feed`'s json1()
 * writes version 1.0 and can leave items without the required id or content.
 */
export function renderJsonFeed(doc: FeedDocument): string {
  const feed = {
    version: "https://jsonfeed.org/version/1.1",
    title: doc.title,
    home_page_url: doc.homeUrl,
    feed_url: doc.self.json,
    description: doc.description,
    icon: doc.icon,
    favicon: doc.icon,
    language: doc.language,
    next_url: doc.paging.json?.next,
    hubs: doc.hubs.length ? doc.hubs.map((url) => ({ type: "WebSub", url })) : undefined,
    items: doc.entries.map((entry) => ({
      id: entry.id,
      url: entry.url,
      title: entry.title,
      content_html: entry.contentHtml,
      summary: entry.summary,
      image: entry.image?.url,
      date_published: entry.published,
      date_modified: entry.updated,
      authors: entry.authors,
      tags: entry.categories.length ? entry.categories.map((category) => category.name) : undefined,
    })),
  };
  // undefined members are left out by JSON.stringify.
  return JSON.stringify(feed);
}
