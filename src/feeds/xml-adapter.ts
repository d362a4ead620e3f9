import { encodeXML, escapeText } from "entities";
import type { FeedOptions, Item } from "feed";
import { directedHtml } from "./entries";
import type { FeedDocument, FeedEntry } from "./model";

/**
 * The adapter that makes `feed` 6.0.0's XML valid whatever the input (each defect has a
 * regression test in tests/feeds/renderers.test.ts). `feed` escapes `&` in some attributes and not others, never escapes `<`
 * in attributes, un-escapes `&amp;` in text, splits only the first `]]>` of a CDATA section
 * and lets XML-illegal characters through. So values are prepared before they reach `feed`,
 * with private-use stand-ins where `feed` would get escaping wrong, and `finishXml` turns the
 * stand-ins into correct XML afterwards. Inputs are stripped of the stand-ins first, so each
 * one in the output is exactly where the adapter put it.
 */

const STAND_IN_LT = "\uE000";
const STAND_IN_AMP = "\uE001";
const STAND_IN_CDATA_BREAK = "\uE002";
/** Marks where the adapter inserts elements `feed` cannot write; see `elementSlot`. */
const STAND_IN_SLOT = "\uE003";
/**
 * Tab, LF and CR in an attribute value: a parser reads them as spaces (XML's attribute-value
 * normalisation) unless they are written as character references, which `feed` never does.
 */
const STAND_IN_ATTRIBUTE_WHITESPACE = { "\t": "\uE004", "\n": "\uE005", "\r": "\uE006" } as const;
type AttributeWhitespace = keyof typeof STAND_IN_ATTRIBUTE_WHITESPACE;

/** A character as a numeric character reference ("\t" → "&#9;"). */
const characterReference = (character: string) => `&#${character.charCodeAt(0)};`;
const ATTRIBUTE_WHITESPACE_REFERENCES = Object.entries(STAND_IN_ATTRIBUTE_WHITESPACE).map(
  ([whitespace, standIn]) => [standIn, characterReference(whitespace)] as const,
);

/**
 * Everything outside XML 1.0's Char production (C0 controls but tab/LF/CR, lone surrogates,
 * U+FFFE/U+FFFF) plus the adapter's own stand-ins. Written over UTF-16 code units, without the
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

/** For a value `feed` writes inside CDATA: any number of `]]>` will be split correctly. */
export function cdataValue(value: string): string {
  return xmlChars(value).replaceAll("]]>", `]]${STAND_IN_CDATA_BREAK}>`);
}

/**
 * For a value `feed` writes as element text or as an attribute value: `&` and `<` are escaped
 * by the adapter, whatever `feed` does or fails to do with them. Not for URLs `feed` parses.
 */
export function escapedValue(value: string): string {
  return xmlChars(value).replaceAll("&", STAND_IN_AMP).replaceAll("<", STAND_IN_LT);
}

/** For a value `feed` writes as an attribute: escaped as `escapedValue`, with tab, LF and CR kept as they are. */
export function escapedAttribute(value: string): string {
  return escapedValue(value).replace(/[\t\n\r]/g, (whitespace) => STAND_IN_ATTRIBUTE_WHITESPACE[whitespace as AttributeWhitespace]);
}

/** A unique placeholder text for what the adapter writes itself (see `fillSlots`). */
export function elementSlot(key: string): string {
  return `${STAND_IN_SLOT}${key}${STAND_IN_SLOT}`;
}

/**
 * Puts what the adapter built for each slot where `feed` wrote it, in one pass over the
 * document (a replace per slot copied the whole document each time: a third of a 50-entry
 * Atom feed's time). With `wrapper`, the slot stands for a whole element and replaces the
 * `<wrapper>slot</wrapper>` that `feed` wrote around it; without, only the slot text goes.
 *
 * Entry bodies use bare slots inside their CDATA section and go in last, after finishXml:
 * `feed`'s serialiser joins every element's text again at each level of nesting, so bodies
 * (most of a feed's bytes) went through it and the stand-in passes several times; going in
 * last they are copied once (a 50-item RSS feed renders in two thirds of the time).
 */
export function fillSlots(xml: string, slots: Map<string, string>, wrapper?: string): string {
  const slot = `${STAND_IN_SLOT}([^${STAND_IN_SLOT}<]*)${STAND_IN_SLOT}`;
  const pattern = new RegExp(wrapper ? `<${wrapper}>${slot}</${wrapper}>` : slot, "g");
  return xml.replace(pattern, (whole, key: string) => slots.get(key) ?? whole);
}

/** Turns the stand-ins into correct XML. Run once on `feed`'s finished document. */
export function finishXml(xml: string): string {
  const escaped = xml
    .replaceAll(`]]${STAND_IN_CDATA_BREAK}>`, "]]]]><![CDATA[>")
    .replaceAll(STAND_IN_LT, "&lt;")
    .replaceAll(STAND_IN_AMP, "&amp;");
  return ATTRIBUTE_WHITESPACE_REFERENCES.reduce((done, [standIn, reference]) => done.replaceAll(standIn, reference), escaped);
}

/** Element text the adapter writes itself: XML characters only, `&`, `<` and `>` escaped. */
export function xmlText(value: string): string {
  return xmlChars(value).replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

/** An element with escaped attributes, for the few elements the adapter writes itself. */
export function xmlElement(name: string, attributes: Record<string, string | number | undefined>): string {
  const written = Object.entries(attributes)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([key, value]) => ` ${key}="${encodeXML(xmlChars(String(value))).replace(/[\t\n\r]/g, characterReference)}"`)
    .join("");
  return `<${name}${written}/>`;
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

/** The item fields RSS and Atom share, prepared for `feed` (titles differ: see each format). */
export function itemOptions(entry: FeedEntry, contents: Map<string, string>): Omit<Item, "title"> {
  // Goes in after finishXml, so it is written as final CDATA text here.
  contents.set(entry.id, xmlChars(entry.contentHtml).replaceAll("]]>", "]]]]><![CDATA[>"));
  return {
    id: entry.id,
    link: entry.url,
    date: new Date(entry.updated),
    published: new Date(entry.published),
    // Readers render the summary as HTML (RSS description, Atom type="html"): escape it as
    // such, and give it the item's direction as its content has.
    description: cdataValue(directedHtml(escapeText(entry.summary), entry.direction)),
    // The body goes in after `feed` has written the document: see fillSlots.
    content: elementSlot(entry.id),
  };
}
