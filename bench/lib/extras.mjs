// Sizes the issue asks to report beside the load figures: what the share bar adds to an
// article page and what it would fetch, and the seed article's card.
import { gzipSync } from "node:zlib";
import { findAll } from "domutils";
import { parseDocument } from "htmlparser2";
import { pathOf } from "./scenarios.mjs";

/** @typedef {Awaited<ReturnType<typeof seedArticleReport>>} SeedArticleReport */

/**
 * The bar (`<nav class="hs…">`) and its assets (style, icon sprite, script), as the page carries them.
 * @param {string} html
 */
function shareBarParts(html) {
  const start = html.indexOf('<nav class="hs');
  const assetsStart = html.indexOf("<style>.hs{");
  if (start < 0 || assetsStart < 0) throw new Error("no share bar on the seed article page");
  const bar = html.slice(start, html.indexOf("</nav>", start) + "</nav>".length);
  const assets = html.slice(assetsStart, html.indexOf("</script>", assetsStart) + "</script>".length);
  return bar + assets;
}

/**
 * Every URL the markup makes a browser fetch by itself: src/srcset/data/poster, stylesheets, external `<use>`, CSS `url()` and `@import`.
 * @param {string} markup
 */
function subresourceUrls(markup) {
  /** @type {string[]} */
  const urls = [];
  for (const el of findAll(() => true, parseDocument(markup).children)) {
    for (const attr of ["src", "srcset", "data", "poster"]) if (el.attribs[attr]) urls.push(el.attribs[attr]);
    if (el.name === "link" && el.attribs.href) urls.push(el.attribs.href);
    const ref = el.attribs.href ?? el.attribs["xlink:href"];
    if ((el.name === "use" || el.name === "image") && ref && !ref.startsWith("#")) urls.push(ref);
  }
  for (const match of markup.matchAll(/url\(\s*['"]?([^'")]+)|@import\s+['"]?([^'";\s]+)/g)) urls.push(match[1] ?? match[2]);
  return urls;
}

/**
 * @param {string} html
 * @param {string} siteUrl
 */
function shareBarReport(html, siteUrl) {
  const added = Buffer.from(shareBarParts(html));
  const urls = subresourceUrls(added.toString());
  const site = new URL(siteUrl).host;
  const otherHosts = urls.filter((url) => !url.startsWith("data:") && new URL(url, siteUrl).host !== site);
  return { raw: added.byteLength, gzip: gzipSync(added).byteLength, subresources: urls.length, otherHostRequests: otherHosts.length };
}

/**
 * The card a platform shows for the seed article: the og:image of its page.
 * @param {string} herald
 * @param {string} html
 */
async function seedCardReport(herald, html) {
  const ogImage = html.match(/<meta property="og:image" content="([^"]+)"/)?.[1];
  if (!ogImage) throw new Error("the seed article page has no og:image");
  const res = await fetch(`${herald}${pathOf(ogImage.replaceAll("&amp;", "&"))}`);
  const png = Buffer.from(await res.arrayBuffer());
  // PNG signature, then the IHDR chunk: width and height at bytes 16 and 20.
  if (res.status !== 200 || png.toString("latin1", 1, 4) !== "PNG") throw new Error(`seed card: ${res.status}, not a PNG`);
  return { bytes: png.byteLength, width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/**
 * The seed article's page, read once: what its share bar adds, and its card.
 * @param {string} herald
 * @param {string} siteUrl
 * @param {string} seedSlug
 */
export async function seedArticleReport(herald, siteUrl, seedSlug) {
  const html = await (await fetch(`${herald}/articles/${seedSlug}`)).text();
  return { shareBar: shareBarReport(html, siteUrl), seedCard: await seedCardReport(herald, html) };
}
