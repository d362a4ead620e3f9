import { decodeHTML } from "entities";
import type { DefaultTreeAdapterMap } from "parse5";
import { parse as parseHtml } from "parse5";
import { expect } from "vitest";
import { findAll, parseStrictXml, type XmlElement } from "../feeds/strict-xml";

/**
 * Checks of one Herald output against the article the admin API stored. Each assertion names
 * its output and its check (`[RSS /feed.xml] item title`), so a failing property says which
 * one broke, beside fast-check's shrunk counterexample.
 */

/** The article as the PUT answer gives it: the normalised truth every output is compared to. */
export interface StoredArticle {
  id: string;
  slug: string;
  title: string;
  dek?: string;
  bodyHtml: string;
  authors: { name: string; slug: string; fediverse?: string }[];
  section?: { name: string; slug: string };
  tags: { name: string; slug: string }[];
  leadImage?: { url: string; alt: string; width?: number; height?: number };
  canonicalUrl: string;
  publishedAt: string;
}

type Element = DefaultTreeAdapterMap["element"];
type Node = DefaultTreeAdapterMap["node"];

const label = (output: string, check: string) => `[${output}] ${check}`;

/** U+FFFD in an output that the stored text does not hold: a string was cut inside a character. */
export function expectNoInventedReplacement(output: string, text: string, stored: string): void {
  if (!stored.includes("\uFFFD")) expect(text.includes("\uFFFD"), label(output, "no U+FFFD the stored article lacks")).toBe(false);
}

/** Text of every text node of an HTML fragment, whitespace runs as one space. */
export function htmlTextRuns(html: string): string[] {
  const runs: string[] = [];
  const visit = (node: Node) => {
    if (node.nodeName === "#text") {
      const text = (node as DefaultTreeAdapterMap["textNode"]).value.replace(/\s+/g, " ").trim();
      if (text) runs.push(text);
    }
    for (const child of childrenOf(node)) visit(child);
  };
  visit(parseHtml(`<!DOCTYPE html><body>${html}`) as unknown as Node);
  return runs;
}

/** Every text run of the stored body appears, in order, in an output's HTML. */
export function expectBodyTextSurvives(output: string, outputHtml: string, storedBodyHtml: string): void {
  const haystack = htmlTextRuns(outputHtml).join(" ");
  let from = 0;
  for (const run of htmlTextRuns(storedBodyHtml)) {
    const at = haystack.indexOf(run, from);
    expect(at, label(output, `body text survives: ${JSON.stringify(run.slice(0, 80))}`)).toBeGreaterThanOrEqual(0);
    from = at + run.length;
  }
}

// ---------------------------------------------------------------------------------------------
// XML: RSS, Atom, sitemaps

function childText(element: XmlElement, name: string): string | undefined {
  return element.children.find((child) => child.name === name)?.text;
}

function parseXml(output: string, xml: string): XmlElement {
  try {
    return parseStrictXml(xml);
  } catch (error) {
    throw new Error(label(output, `strict XML parse: ${(error as Error).message}`));
  }
}

/** An RSS 2.0 feed: strict XML, and this article's item carries its stored text. */
export function checkRssItem(output: string, xml: string, article: StoredArticle): void {
  const root = parseXml(output, xml);
  const item = findAll(root, "item").find((candidate) => childText(candidate, "guid") === `urn:uuid:${article.id}`);
  expect(item, label(output, "has the article's item")).toBeDefined();
  if (!item) return;
  expect(childText(item, "title"), label(output, "item title")).toBe(article.title);
  expect(childText(item, "link"), label(output, "item link")).toBe(article.canonicalUrl);
  expect(
    item.children.filter((c) => c.name === "dc:creator").map((c) => c.text),
    label(output, "dc:creator names"),
  ).toEqual(article.authors.map((a) => a.name));
  expect(
    item.children.filter((c) => c.name === "category").map((c) => c.text),
    label(output, "category names"),
  ).toEqual(termNames(article));
  const alt = findAll(item, "media:description")[0]?.text;
  if (article.leadImage?.alt) expect(alt, label(output, "media:description is the image alt")).toBe(article.leadImage.alt);
  if (article.leadImage)
    expect(findAll(item, "media:content")[0]?.attributes.url, label(output, "media:content url")).toBe(article.leadImage.url);
  const description = childText(item, "description") ?? "";
  expectNoInventedReplacement(`${output} description`, description, `${article.dek ?? ""}${article.bodyHtml}`);
  expectBodyTextSurvives(`${output} content:encoded`, childText(item, "content:encoded") ?? "", article.bodyHtml);
}

/** An Atom 1.0 feed: strict XML, and this article's entry carries its stored text. */
export function checkAtomEntry(output: string, xml: string, article: StoredArticle): void {
  const root = parseXml(output, xml);
  const entry = findAll(root, "entry").find((candidate) => childText(candidate, "id") === `urn:uuid:${article.id}`);
  expect(entry, label(output, "has the article's entry")).toBeDefined();
  if (!entry) return;
  const title = entry.children.find((c) => c.name === "title");
  // type="html": the text is HTML, decoded once more by the reader.
  const shownTitle = title?.attributes.type === "html" ? decodeHTML(title.text) : title?.text;
  expect(shownTitle, label(output, "entry title, as a reader shows it")).toBe(article.title);
  const alternate = entry.children.find((c) => c.name === "link" && (c.attributes.rel ?? "alternate") === "alternate");
  expect(alternate?.attributes.href, label(output, "entry link")).toBe(article.canonicalUrl);
  expect(
    findAll(entry, "author").map((a) => childText(a, "name")),
    label(output, "author names"),
  ).toEqual(article.authors.map((a) => a.name));
  expect(
    entry.children.filter((c) => c.name === "category").map((c) => c.attributes.label),
    label(output, "category labels"),
  ).toEqual(termNames(article));
  const enclosure = entry.children.find((c) => c.name === "link" && c.attributes.rel === "enclosure");
  if (article.leadImage) {
    expect(enclosure?.attributes.href, label(output, "enclosure href")).toBe(article.leadImage.url);
    expect(enclosure?.attributes.title, label(output, "enclosure title is the image alt")).toBe(article.leadImage.alt || undefined);
  }
  const content = entry.children.find((c) => c.name === "content");
  expectBodyTextSurvives(`${output} content`, content?.text ?? "", article.bodyHtml);
}

/** Section then tags, as feeds list an item's categories. */
function termNames(article: StoredArticle): string[] {
  return [...(article.section ? [article.section.name] : []), ...article.tags.map((t) => t.name)];
}

/** A sitemap: strict XML; the article is listed when its canonical URL is on the site. */
export function checkSitemap(output: string, xml: string, article: StoredArticle, siteUrl: string, news: boolean): void {
  const root = parseXml(output, xml);
  const entry = findAll(root, "url").find((url) => childText(url, "loc") === article.canonicalUrl);
  const onSite = article.canonicalUrl.startsWith(`${siteUrl}/`);
  expect(entry !== undefined, label(output, onSite ? "lists the article" : "leaves out a canonical URL on another host")).toBe(onSite);
  if (news && entry) expect(findAll(entry, "news:title")[0]?.text, label(output, "news:title")).toBe(article.title);
}

// ---------------------------------------------------------------------------------------------
// JSON: JSON Feed, oEmbed

interface JsonFeedItem {
  id: string;
  url: string;
  title: string;
  content_html: string;
  summary?: string;
  image?: string;
  authors?: { name: string }[];
  tags?: string[];
}

export function checkJsonFeed(output: string, body: string, article: StoredArticle): void {
  let feed: { version?: unknown; title?: unknown; items?: JsonFeedItem[] };
  try {
    feed = JSON.parse(body);
  } catch (error) {
    throw new Error(label(output, `JSON.parse: ${(error as Error).message}`));
  }
  expect(feed.version, label(output, "JSON Feed version")).toBe("https://jsonfeed.org/version/1.1");
  expect(typeof feed.title, label(output, "feed title is a string")).toBe("string");
  expect(Array.isArray(feed.items), label(output, "items is a list")).toBe(true);
  const item = feed.items?.find((candidate) => candidate.id === `urn:uuid:${article.id}`);
  expect(item, label(output, "has the article's item")).toBeDefined();
  if (!item) return;
  expect(item.title, label(output, "item title")).toBe(article.title);
  expect(item.url, label(output, "item url")).toBe(article.canonicalUrl);
  expect(typeof item.content_html, label(output, "content_html is a string")).toBe("string");
  expect(
    item.authors?.map((a) => a.name),
    label(output, "author names"),
  ).toEqual(article.authors.map((a) => a.name));
  if (article.leadImage) expect(item.image, label(output, "image")).toBe(article.leadImage.url);
  expect(item.tags ?? [], label(output, "tags")).toEqual(termNames(article));
  expectBodyTextSurvives(`${output} content_html`, item.content_html, article.bodyHtml);
  expectNoInventedReplacement(`${output} summary`, item.summary ?? "", `${article.dek ?? ""}${article.bodyHtml}`);
}

export function checkOembed(output: string, body: string, article: StoredArticle, siteUrl: string): void {
  let answer: { type?: string; version?: string; title?: string; thumbnail_url?: string };
  try {
    answer = JSON.parse(body);
  } catch (error) {
    throw new Error(label(output, `JSON.parse: ${(error as Error).message}`));
  }
  expect(answer.version, label(output, "version")).toBe("1.0");
  expect(answer.type, label(output, "type")).toBe("link");
  expect(answer.title, label(output, "title")).toBe(article.title);
  expect(answer.thumbnail_url?.startsWith(`${siteUrl}/cards/`), label(output, "thumbnail on the site")).toBe(true);
}

// ---------------------------------------------------------------------------------------------
// HTML: the article page

function childrenOf(node: Node): Node[] {
  const children = "childNodes" in node ? (node.childNodes as Node[]) : [];
  // <template> keeps its children in a separate fragment; a browser can still clone them in.
  const content = node.nodeName === "template" ? ((node as DefaultTreeAdapterMap["template"]).content.childNodes as Node[]) : [];
  return [...children, ...content];
}

function allElements(root: Node): Element[] {
  const found: Element[] = [];
  const visit = (node: Node) => {
    if ("tagName" in node) found.push(node as Element);
    for (const child of childrenOf(node)) visit(child);
  };
  visit(root);
  return found;
}

const attr = (element: Element, name: string) => element.attrs.find((a) => a.name === name && !a.prefix)?.value;

function textOf(node: Node): string {
  if (node.nodeName === "#text") return (node as DefaultTreeAdapterMap["textNode"]).value;
  return childrenOf(node).map(textOf).join("");
}

/** A URL's scheme as a browser reads it: leading C0 controls and spaces, and tabs and newlines anywhere, are ignored. */
function urlScheme(value: string): string | undefined {
  const cleaned = value
    // biome-ignore lint/suspicious/noControlCharactersInRegex: browsers strip exactly these before parsing a URL.
    .replace(/^[\u0000-\u0020]+/, "")
    .replace(/[\t\n\r]/g, "");
  return /^([a-z][a-z0-9+.-]*):/i.exec(cleaned)?.[1]?.toLowerCase();
}

const URL_ATTRIBUTES = new Set(["href", "src", "action", "formaction", "data", "poster", "background", "cite", "xlink:href", "srcset"]);
const NEVER_ELEMENTS = new Set(["object", "embed", "applet", "base", "frame", "frameset"]);

async function sha256Base64(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return btoa(String.fromCharCode(...new Uint8Array(digest)));
}

/** The shared parts of a page: parsed once, checked by several properties. */
export interface ParsedPage {
  elements: Element[];
  meta(key: string): string[];
}

export function parsePage(html: string): ParsedPage {
  const elements = allElements(parseHtml(html) as unknown as Node);
  return {
    elements,
    meta: (key) =>
      elements
        .filter((e) => e.tagName === "meta" && (attr(e, "property") === key || attr(e, "name") === key))
        .map((e) => attr(e, "content") ?? ""),
  };
}

/** The article page's head and headline carry the stored title. */
export function checkPageTitles(output: string, page: ParsedPage, article: StoredArticle, siteName: string): void {
  const titleElement = page.elements.find((e) => e.tagName === "title");
  expect(titleElement && textOf(titleElement), label(output, "<title>")).toBe(`${article.title} – ${siteName}`);
  expect(page.meta("og:title"), label(output, "og:title")).toEqual([article.title]);
  expect(page.meta("twitter:title"), label(output, "twitter:title")).toEqual([article.title]);
  const h1 = page.elements.filter((e) => e.tagName === "h1");
  expect(h1.map(textOf), label(output, "visible <h1>")).toEqual([article.title]);
  expect(page.meta("og:image:alt"), label(output, "og:image:alt")).toEqual([`${article.title} – ${siteName}`]);
  expect(page.meta("article:section"), label(output, "article:section")).toEqual(article.section ? [article.section.name] : []);
  expect(page.meta("article:tag"), label(output, "article:tag")).toEqual(article.tags.map((t) => t.name));
  const names = new Intl.ListFormat("en-US", { style: "long", type: "conjunction" }).format(article.authors.map((a) => a.name));
  expect(page.meta("author"), label(output, "meta author")).toEqual([names]);
  const byClass = (tag: string, className: string) => page.elements.filter((e) => e.tagName === tag && attr(e, "class") === className);
  expect(byClass("p", "dek").map(textOf), label(output, "visible dek")).toEqual(article.dek ? [article.dek] : []);
  const leadImages = byClass("figure", "lead").flatMap((figure) => allElements(figure).filter((e) => e.tagName === "img"));
  expect(
    leadImages.map((img) => [attr(img, "src"), attr(img, "alt")]),
    label(output, "lead image src and alt"),
  ).toEqual(article.leadImage ? [[article.leadImage.url, article.leadImage.alt]] : []);
  const canonical = page.elements.find((e) => e.tagName === "link" && attr(e, "rel") === "canonical");
  expect(canonical && attr(canonical, "href"), label(output, "canonical link")).toBe(article.canonicalUrl);
  expect(page.meta("og:url"), label(output, "og:url")).toEqual([article.canonicalUrl]);

  // A description is optional here (text-less bodies lack one: a known issue fixed elsewhere).
  const descriptions = page.meta("description");
  expect(descriptions.length, label(output, "at most one meta description")).toBeLessThanOrEqual(1);
  const description = descriptions[0];
  if (description !== undefined) {
    expectNoInventedReplacement(`${output} meta description`, description, `${article.dek ?? ""}${article.bodyHtml}`);
    if (article.dek) {
      const dek = article.dek.replace(/\s+/g, " ").trim();
      const shown = description.endsWith("…") && description !== dek ? description.slice(0, -1) : description;
      expect(dek.startsWith(shown), label(output, "meta description is the dek or its start")).toBe(true);
    }
  }

  const jsonLd = page.elements.filter((e) => e.tagName === "script" && attr(e, "type") === "application/ld+json");
  expect(jsonLd.length, label(output, "one JSON-LD script")).toBe(1);
  for (const script of jsonLd) {
    const text = textOf(script);
    expect(/<\/script|<!--/i.test(text), label(output, "JSON-LD text holds no </script or <!--")).toBe(false);
    let data: { headline?: string; author?: { name: string }[] };
    try {
      data = JSON.parse(text);
    } catch (error) {
      throw new Error(label(output, `JSON-LD JSON.parse: ${(error as Error).message}`));
    }
    expect(data.headline, label(output, "JSON-LD headline")).toBe(article.title);
    expect(
      data.author?.map((a) => a.name),
      label(output, "JSON-LD author names"),
    ).toEqual(article.authors.map((a) => a.name));
  }
}

/**
 * Nothing on the page runs but Herald's own code: scripts are JSON-LD or inline code whose
 * hash the CSP allows, no element has an event handler attribute, no URL attribute is a
 * `javascript:` or `data:` URL (but the empty favicon), no srcdoc, no plug-in or base element.
 */
export async function checkNoLiveScript(output: string, page: ParsedPage, csp: string): Promise<void> {
  const scriptSources = /script-src ([^;]*)/.exec(csp)?.[1]?.split(/\s+/) ?? [];
  for (const element of page.elements) {
    const name = element.tagName;
    expect(NEVER_ELEMENTS.has(name), label(output, `no <${name}>`)).toBe(false);
    if (name === "script") {
      expect(attr(element, "src"), label(output, "no external <script src>")).toBeUndefined();
      if (attr(element, "type") !== "application/ld+json") {
        const hash = `'sha256-${await sha256Base64(textOf(element))}'`;
        expect(scriptSources, label(output, "inline <script> is allowed by its CSP hash")).toContain(hash);
      }
    }
    if (name === "meta") expect(attr(element, "http-equiv"), label(output, "no <meta http-equiv>")).toBeUndefined();
    if (name === "iframe") expect(attr(element, "srcdoc"), label(output, "no <iframe srcdoc>")).toBeUndefined();
    for (const attribute of element.attrs) {
      const attributeName = attribute.prefix ? `${attribute.prefix}:${attribute.name}` : attribute.name;
      expect(/^on/i.test(attributeName), label(output, `no event handler attribute: <${name} ${attributeName}>`)).toBe(false);
      if (!URL_ATTRIBUTES.has(attributeName)) continue;
      const scheme = urlScheme(attribute.value);
      expect(["javascript", "vbscript"].includes(scheme ?? ""), label(output, `no script URL in <${name} ${attributeName}>`)).toBe(false);
      const emptyFavicon = name === "link" && attr(element, "rel") === "icon" && attribute.value === "data:,";
      if (!emptyFavicon) expect(scheme, label(output, `no data: URL in <${name} ${attributeName}>`)).not.toBe("data");
    }
  }
}

/** The share bar's links: real URLs; its buttons carry the canonical URL and stored title. */
export function checkShareBar(output: string, page: ParsedPage, article: StoredArticle): string[] {
  const bars = page.elements.filter((e) => e.tagName === "nav" && (attr(e, "aria-label") ?? "").startsWith("Share"));
  const hrefs: string[] = [];
  for (const bar of bars) {
    for (const element of allElements(bar)) {
      if (element.tagName === "a") {
        const href = attr(element, "href") ?? "";
        expect(URL.canParse(href), label(output, `share link href parses as a URL: ${href}`)).toBe(true);
        hrefs.push(href);
      }
      if (element.tagName === "button" && attr(element, "data-url") !== undefined) {
        expect(attr(element, "data-url"), label(output, "share button data-url")).toBe(article.canonicalUrl);
        expect(attr(element, "data-title"), label(output, "share button data-title")).toBe(article.title);
      }
    }
  }
  return hrefs;
}

/** og:image: an absolute URL on the site, with width, height and type that agree with the card. */
export function checkCardMeta(output: string, page: ParsedPage, siteUrl: string): string {
  const [image, ...more] = page.meta("og:image");
  expect(more, label(output, "one og:image")).toEqual([]);
  expect(image && URL.canParse(image), label(output, "og:image is an absolute URL")).toBe(true);
  const url = new URL(image ?? "");
  expect(["https:", "http:"], label(output, "og:image is http(s)")).toContain(url.protocol);
  expect(`${url.origin}/`, label(output, "og:image is on SITE_URL")).toBe(`${new URL(siteUrl).origin}/`);
  const type = page.meta("og:image:type")[0];
  expect(["image/png", "image/jpeg"], label(output, "og:image:type")).toContain(type);
  expect(url.pathname.endsWith(type === "image/png" ? ".png" : ".jpg"), label(output, "og:image extension matches og:image:type")).toBe(
    true,
  );
  expect(page.meta("og:image:width"), label(output, "og:image:width")).toEqual(["1200"]);
  expect(page.meta("og:image:height"), label(output, "og:image:height")).toEqual(["630"]);
  expect(page.meta("twitter:image"), label(output, "twitter:image is og:image")).toEqual([image]);
  return image ?? "";
}

/** The oEmbed discovery link the page announces. */
export function oembedDiscoveryUrl(page: ParsedPage): string | undefined {
  const link = page.elements.find((e) => e.tagName === "link" && attr(e, "type") === "application/json+oembed");
  return link && attr(link, "href");
}

// ---------------------------------------------------------------------------------------------
// Share redirects

/** What each checked network's share intent carries: the stored title (maybe trimmed) and the canonical URL. */
const SHARE_EXPECTATIONS: Record<string, (params: URLSearchParams, article: StoredArticle) => [string, unknown, unknown][]> = {
  facebook: (p, a) => [["u is the canonical URL", p.get("u"), a.canonicalUrl]],
  x: (p, a) => [
    ["url is the canonical URL", p.get("url"), a.canonicalUrl],
    ["text is the title or its start", isTitleOrItsStart(p.get("text") ?? "", a.title), true],
  ],
  whatsapp: (p, a) => [["text is title and URL", p.get("text"), `${a.title} ${a.canonicalUrl}`]],
  telegram: (p, a) => [
    ["url is the canonical URL", p.get("url"), a.canonicalUrl],
    ["text is the title", p.get("text"), a.title],
  ],
  email: (p, a) => [
    ["subject is the title", p.get("subject"), a.title],
    ["body ends with the canonical URL", p.get("body")?.endsWith(a.canonicalUrl), true],
  ],
};

export const CHECKED_SHARE_NETWORKS = Object.keys(SHARE_EXPECTATIONS);

/** X trims the title to fit 280 characters, between graphemes, with an ellipsis. */
function isTitleOrItsStart(text: string, title: string): boolean {
  return text === title || (text.endsWith("…") && title.startsWith(text.slice(0, -1)));
}

export function checkShareRedirect(output: string, status: number, location: string | null, article: StoredArticle, network: string): void {
  expect(status, label(output, "302")).toBe(302);
  expect(location !== null && URL.canParse(location), label(output, "Location parses as a URL")).toBe(true);
  const url = new URL(location ?? "");
  expect(url.protocol, label(output, "never a javascript: Location")).not.toBe("javascript:");
  for (const [check, actual, expected] of SHARE_EXPECTATIONS[network]?.(url.searchParams, article) ?? []) {
    expect(actual, label(output, check)).toEqual(expected);
  }
}
