import fc from "fast-check";
import { MAX_BODY_CHARS } from "../../src/articles/input";

/**
 * Generators of hostile article input for the admin API's PUT schema (src/articles/input.ts):
 * every text field mixes markup, entities, CDATA breaks, XML-illegal characters, lone
 * surrogates, emoji, combining marks, bidi text and controls, script openers and the leaked
 * Elfsight shortcode; some values sit at or just past their field's limit, so part of what is
 * generated is rightly refused with a 422.
 */

/** The leaked Elfsight shortcode as WordPress's typography filter left it. */
export const ELFSIGHT_SHORTCODE = "[elfsight_social_share_buttons id=”1″]";

/** Pieces that have broken an escaper, a parser or a renderer somewhere. */
const HOSTILE_PIECES = [
  "&",
  "&amp;",
  "&amp;amp;",
  "&lt;",
  "&#0;",
  "&#x1F600;",
  "&nbsp;",
  "<",
  ">",
  '"',
  "'",
  "“",
  "”",
  "‘",
  "’",
  "″",
  "]]>",
  "]]>]]>",
  "]]]]>",
  "<![CDATA[",
  "</script>",
  "</SCRIPT >",
  "<script>alert(1)</script>",
  "</title>",
  "</style>",
  "<!--",
  "-->",
  "--!>",
  "javascript:alert(1)",
  "<img src=x onerror=alert(1)>",
  '<a href="javascript:alert(1)">x</a>',
  '" onmouseover="alert(1)',
  "' autofocus onfocus='alert(1)",
  ELFSIGHT_SHORTCODE,
  '[elfsight_social_share_buttons id="1"]',
  "[gallery ids=1]",
  "\u202E",
  "\u202D",
  "\u2066",
  "\u2069",
  "\u200F",
  "\u200B",
  "\uFEFF",
  "مرحبا بالعالم",
  "שלום עולם",
  "👨‍👩‍👧‍👦",
  "🇮🇶",
  "🏳️‍🌈",
  "👍🏽",
  "e\u0301",
  "Z\u0324\u0354\u0367\u0311\u0313",
  "\uD800",
  "\uDBFF",
  "\uDC00",
  "\uDFFF",
  "\uFFFE",
  "\uFFFF",
  "\u0000",
  "\u0001",
  "\u0008",
  "\u000B",
  "\u000C",
  "\u001B",
  "\u001F",
  "\u007F",
  "\u0085",
  "\t",
  "\n",
  "\r",
  "\r\n",
  " ",
  "  ",
  "\u00A0",
  "\u2028",
  "\u2029",
  "%3Cscript%3E",
  "%00",
  "\\u003c",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template placeholder as literal text is the point.
  "${x}",
  "{{x}}",
  "?a=1&b=2#frag",
] as const;

const controlCharacter = fc.integer({ min: 0, max: 0x1f }).map((code) => String.fromCharCode(code));
const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code));

/** One piece of hostile text: a known troublemaker, a control, a lone surrogate or random Unicode. */
export const hostilePiece: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...HOSTILE_PIECES), weight: 6 },
  { arbitrary: fc.string({ unit: "grapheme", minLength: 1, maxLength: 8 }), weight: 3 },
  { arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 4 }), weight: 1 },
  { arbitrary: controlCharacter, weight: 1 },
  { arbitrary: loneSurrogate, weight: 1 },
);

/** Pieces without the shortcode, for text repeated many times (a body full of shortcodes is a known, separate issue). */
const pieceWithoutShortcode = hostilePiece.filter((piece) => !/elfsight/i.test(piece));

/** Short hostile text, possibly empty. */
export function hostileText(maxPieces = 10): fc.Arbitrary<string> {
  return fc.array(hostilePiece, { maxLength: maxPieces }).map((pieces) => pieces.join(""));
}

/**
 * Hostile text of about `limit` UTF-16 code units (valibot's maxLength counts them): from a
 * little under the limit to a little over it, cut wherever that falls (even inside a
 * surrogate pair). The cut length shrinks, so a failing case gets as short as it can.
 */
export function nearLimitText(limit: number, pieces: fc.Arbitrary<string> = pieceWithoutShortcode): fc.Arbitrary<string> {
  return fc
    .tuple(fc.array(pieces, { minLength: 1, maxLength: 6 }), fc.integer({ min: Math.max(0, limit - 20), max: limit + 3 }))
    .map(([parts, length]) => {
      const unit = parts.join("") || "x";
      return unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
    });
}

/** A text field: usually short, sometimes empty, sometimes at its limit. */
function textField(limit: number): fc.Arbitrary<string> {
  return fc.oneof(
    { arbitrary: hostileText(), weight: 8 },
    { arbitrary: fc.constant(""), weight: 1 },
    { arbitrary: nearLimitText(limit), weight: 1 },
  );
}

/** Readable text so that most generated names, titles and bodies are accepted. */
const word = fc.constantFrom("Baghdad", "drone", "Café", "Ünïcödé", "Ελλάδα", "Москва", "नमस्ते", "日本語", "O'Brien", "R&D", "news");

/** A word and hostile text around it: accepted far more often than pure noise. */
function mixedText(limit: number): fc.Arbitrary<string> {
  return fc.oneof(
    { arbitrary: fc.tuple(hostileText(4), word, hostileText(6)).map((parts) => parts.join(" ")), weight: 12 },
    { arbitrary: textField(limit), weight: 1 },
  );
}

/** http(s) URLs that the URL parser accepts but that carry quotes, markup and entities. */
export const hostileUrl: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom(
      "https://images.example/",
      "http://images.example/",
      "HTTPS://Images.Example:8443/",
      "https://xn--mnchen-3ya.example/",
      // On SITE_URL but not an article URL: an imported permalink the sitemaps list.
      "https://news.example/imported/",
    ),
    fc.array(
      fc.constantFrom(
        'a.jpg" onerror="alert(1)',
        "<script>alert(1)</script>",
        "photo.jpg?w=1200&h=630",
        "]]>",
        "&amp;",
        "javascript:alert(1)",
        "%22%3E%3C",
        "ünï/çødé",
        "'",
        "#x",
        "--><!--",
        "😀",
      ),
      { maxLength: 4 },
    ),
  )
  .map(([base, parts]) => base + parts.join(""));

/** A name: as a string or `{ name }`, sometimes with a fediverse handle. */
function named(limit: number): fc.Arbitrary<string | { name: string; fediverse?: string }> {
  const name = mixedText(limit);
  return fc.oneof(
    name,
    name.map((n) => ({ name: n })),
  );
}

const author = fc.oneof(
  named(200),
  fc.tuple(mixedText(200), fc.constantFrom("@jane@news.social", "lauren_moye@mastodon.example")).map(([name, fediverse]) => ({
    name,
    fediverse,
  })),
);

/** Markup that a sanitiser must take apart: every way of running script we know of. */
const HOSTILE_MARKUP = [
  "<script>alert(1)</script>",
  "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
  '<img src="https://images.example/a.jpg" onerror="alert(1)" alt="a &amp; b">',
  '<img src="javascript:alert(1)">',
  '<img src="data:image/svg+xml,<svg onload=alert(1)>">',
  '<a href="javascript:alert(1)">click</a>',
  '<a href=" JaVaScRiPt:alert(1)">click</a>',
  '<a href="java&#x09;script:alert(1)">click</a>',
  '<a href="data:text/html,<script>alert(1)</script>">click</a>',
  '<a href="https://example.com/?q=&quot;&gt;&lt;script&gt;">ok</a>',
  '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
  '<iframe src="https://www.youtube.com/embed/dQw4w9WgXcQ" title="A &amp; B"></iframe>',
  '<iframe src="javascript:alert(1)"></iframe>',
  "<svg><script>alert(1)</script></svg>",
  "<svg onload=alert(1)><circle r=1 /></svg>",
  '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
  '<form action="javascript:alert(1)"><button formaction="javascript:alert(1)">go</button></form>',
  '<input autofocus onfocus="alert(1)">',
  "<style>body{background:url(javascript:alert(1))}</style>",
  '<p style="background:url(javascript:alert(1))">styled</p>',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></p></noscript>',
  '<object data="javascript:alert(1)"></object>',
  '<embed src="javascript:alert(1)">',
  '<base href="javascript:alert(1)//">',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '<link rel="stylesheet" href="https://evil.example/x.css">',
  "<!-- a comment --> after",
  "<![CDATA[ cdata ]]> after",
  "<p>unclosed <b>bold <i>italic",
  "</p></div></body></html>",
  '<div onclick="alert(1)">div</div>',
  '<table><tr><td onmouseover="alert(1)">cell</td></tr></table>',
  "<template><script>alert(1)</script></template>",
  "<textarea></textarea><script>alert(1)</script>",
  "<title></title><script>alert(1)</script>",
  `<p>${ELFSIGHT_SHORTCODE}</p>`,
  "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>",
  "<p>&amp;amp; &#0; &#xD800; &#65534;</p>",
] as const;

/**
 * A body of `unit` repeated up to just past the limit: fast-check's bias picks the extremes
 * often, and the count shrinks towards one repetition. Flat and balanced (deep nesting is a
 * separate, known issue).
 */
function longBody(build: (unit: string, count: number) => string, unit: string): fc.Arbitrary<string> {
  return fc.integer({ min: 1, max: Math.ceil(MAX_BODY_CHARS / unit.length) + 1 }).map((count) => build(unit, count));
}

/** A paragraph whose text is hostile but raw: `<` and `&` in it are markup to the sanitiser. */
const rawParagraph = fc.tuple(word, hostileText(8)).map(([w, text]) => `<p>${w} ${text}</p>`);

const bodyHtml = fc.oneof(
  {
    arbitrary: fc
      .array(fc.oneof(fc.constantFrom(...HOSTILE_MARKUP), rawParagraph, hostileText(6)), { minLength: 1, maxLength: 8 })
      .map((parts) => parts.join("")),
    weight: 9,
  },
  { arbitrary: longBody((unit, n) => `<p>${unit.repeat(n)}</p>`, "Long &amp; hostile ]]> text 😀 "), weight: 1 },
);

const bodyText = fc.oneof(
  { arbitrary: fc.array(mixedText(400), { minLength: 1, maxLength: 6 }).map((paragraphs) => paragraphs.join("\n\n")), weight: 9 },
  { arbitrary: longBody((unit, n) => unit.repeat(n), "Long & hostile ]]> text 😀 <b> "), weight: 1 },
);

/**
 * At most two shortcodes in a body: many of them multiply the share bar, a known issue being
 * fixed apart from this suite.
 */
function fewShortcodes(body: string): boolean {
  return body.split(/elfsight_social_share_buttons/i).length <= 3;
}

const recentTimestamp = fc.integer({ min: 60, max: 47 * 3600 }).map((secondsAgo) => new Date(Date.now() - secondsAgo * 1000).toISOString());

/** A PUT body: valid per the schema's shape, hostile in every text field. */
export const hostileArticleInput = fc
  .record(
    {
      title: fc.oneof({ arbitrary: mixedText(300), weight: 8 }, { arbitrary: nearLimitText(300, hostilePiece), weight: 2 }),
      dek: fc.oneof(mixedText(1000), fc.constant(null)),
      authors: fc.array(author, { minLength: 1, maxLength: 3 }),
      section: fc.oneof(named(200), fc.constant(null)),
      tags: fc.array(named(200), { maxLength: 4 }),
      body: fc.oneof(
        bodyHtml.map((html) => ({ bodyHtml: html })),
        bodyText.map((text) => ({ bodyText: text })),
      ),
      leadImage: fc.oneof(
        fc.constant(null),
        fc.record({ url: hostileUrl, alt: textField(1000) }, { requiredKeys: ["url", "alt"] }),
        fc.record({ url: hostileUrl, alt: textField(1000), width: fc.constant(1200), height: fc.constant(630) }),
      ),
      canonicalUrl: fc.oneof({ arbitrary: fc.constant(undefined), weight: 4 }, { arbitrary: hostileUrl, weight: 1 }),
      publishedAt: recentTimestamp,
    },
    { requiredKeys: ["title", "authors", "body", "publishedAt"] },
  )
  .map(({ body, ...fields }) => ({ ...fields, ...body }))
  .filter((input) => fewShortcodes("bodyHtml" in input ? input.bodyHtml : input.bodyText));

export type HostileArticleInput = typeof hostileArticleInput extends fc.Arbitrary<infer T> ? T : never;
