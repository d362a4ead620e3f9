import { encodeXML, escapeText } from "entities";
import type { FeedOptions } from "feed";
import { directedHtml } from "./entries";
import type { FeedDocument, FeedEntry } from "./model";

/**
 * The adapter around `feed` 6.0.0 (each defect it works around has a regression test in
 * tests/feeds/renderers.test.ts). `feed` writes the feed's own elements (RSS's channel, Atom's
 * feed head); the adapter writes every item itself (see `withItems`) and the few feed-level
 * elements `feed` cannot write. For the values `feed` does write, it escapes `&` in some
 * attributes and not others, never escapes `<` in attributes, un-escapes `&amp;` in text and
 * lets XML-illegal characters through. So those values are prepared before they reach `feed`,
 * with private-use stand-ins where `feed` would get escaping wrong, and `finishXml` turns the
 * stand-ins into correct XML afterwards. Inputs are stripped of the stand-ins first, so each
 * one in the output is exactly where the adapter put it.
 */

const STAND_IN_LT = "\uE000";
const STAND_IN_AMP = "\uE001";
/** Marks where the adapter inserts elements `feed` cannot write; see `elementSlot`. */
const STAND_IN_SLOT = "\uE002";

/** A character as a numeric character reference ("\t" → "&#9;"). */
const characterReference = (character: string) => `&#${character.charCodeAt(0)};`;

/**
 * Everything outside XML 1.0's Char production (C0 controls but tab/LF/CR, lone surrogates,
 * U+FFFE/U+FFFF) plus U+E000–U+E006, the private-use block the adapter keeps for its stand-ins. Written over UTF-16 code units, without the
 * `u` flag: V8 scans a short class of rare characters far faster than the negated Unicode class
 * (this was 8% of a 50-item feed's CPU time).
 */
const NOT_XML_CHAR =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching the control characters XML 1.0 forbids is the point.
  /[\0-\x08\x0B\x0C\x0E-\x1F\uE000-\uE006\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text with only characters XML allows. */
export function xmlChars(value: string): string {
  return value.replace(NOT_XML_CHAR, "");
}

/**
 * For a value `feed` writes as element text or as an attribute value: `&` and `<` are escaped
 * by the adapter, whatever `feed` does or fails to do with them. Not for URLs `feed` parses.
 */
export function escapedValue(value: string): string {
  return xmlChars(value).replaceAll("&", STAND_IN_AMP).replaceAll("<", STAND_IN_LT);
}

/** A unique placeholder text for what the adapter writes itself (see `fillSlot`). */
export function elementSlot(key: string): string {
  return `${STAND_IN_SLOT}${key}${STAND_IN_SLOT}`;
}

/** `xml` with the `<wrapper>` element `feed` wrote around the slot `key` replaced by `content`. */
export function fillSlot(xml: string, wrapper: string, key: string, content: string): string {
  return xml.replace(`<${wrapper}>${elementSlot(key)}</${wrapper}>`, () => content);
}

/**
 * `feed`'s finished document with the items the adapter wrote put last inside `closingTag`
 * (`</channel>`, `</feed>`), indented as `feed` indents. Items are written by the adapter, not
 * by `feed`: its serialiser (xml-js) walked every element of every item, over a quarter of a
 * 50-entry Atom page's CPU (5.7–6.5 ms a request with it, 4.3 ms without; measured December 2026). Values are escaped before `feed` sees the document, so the last closing tag
 * is the element's own.
 */
export function withItems(xml: string, closingTag: string, items: string[]): string {
  const at = xml.lastIndexOf(closingTag);
  const before = xml.lastIndexOf("\n", at);
  return xml.slice(0, before) + items.join("") + xml.slice(before);
}

/** Turns the stand-ins into correct XML. Run once on `feed`'s finished document. */
export function finishXml(xml: string): string {
  return xml.replaceAll(STAND_IN_LT, "&lt;").replaceAll(STAND_IN_AMP, "&amp;");
}

/** Element text the adapter writes itself: XML characters only, `&`, `<` and `>` escaped. */
export function xmlText(value: string): string {
  return xmlChars(value).replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

/** Attributes as written inside a tag (" a=\"1\" b=\"2\""), escaped; undefined ones left out. */
export function xmlAttributes(attributes: Record<string, string | number | undefined>): string {
  let written = "";
  for (const key in attributes) {
    const value = attributes[key];
    if (value !== undefined) written += ` ${key}="${encodeXML(xmlChars(String(value))).replace(/[\t\n\r]/g, characterReference)}"`;
  }
  return written;
}

/** An element with escaped attributes, for the elements the adapter writes itself. */
export function xmlElement(name: string, attributes: Record<string, string | number | undefined>): string {
  return `<${name}${xmlAttributes(attributes)}/>`;
}

/** A CDATA section holding `value` whole, however many `]]>` it has. */
export function cdata(value: string): string {
  return `<![CDATA[${xmlChars(value).replaceAll("]]>", "]]]]><![CDATA[>")}]]>`;
}

/** An item's summary as readers render it (RSS description, Atom type="html"): escaped as HTML, in the item's direction. */
export function summaryHtml(entry: FeedEntry): string {
  return directedHtml(escapeText(entry.summary), entry.direction);
}

/** The channel fields RSS and Atom share, prepared for `feed`. */
export function channelOptions(doc: FeedDocument): FeedOptions {
  return {
    title: escapedValue(doc.title),
    description: escapedValue(doc.description),
    link: doc.homeUrl,
    language: doc.language,
    // Never left to `feed`, which would write "now" and change the bytes on every request.
    updated: new Date(doc.updated),
    generator: escapedValue(doc.generator),
  };
}
