// A small local stand-in for a WordPress site with the leaked Elfsight shortcode: theme HTML as
// WordPress renders it (Twenty Twenty-One's markup, Yoast-style tags, the shortcode after
// wptexturize, Elfsight's embed and platform.js), its stylesheet, its RSS feed and a sign-in
// page, behind a Content-Security-Policy as a hardened host sends. `npm run demo:wordpress`
// and the browser tests put Herald in edge mode in front of it.
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { escapeAttribute, escapeText } from "entities";

/** @import { Server } from "node:http" */

export const ORIGIN_PORT = 8790;
/** The seed article is the post with the leaked shortcode. */
const demo = JSON.parse(readFileSync("scripts/demo-content.json", "utf8"))[0];
const SITE_NAME = "FISM News";
export const LEAKED_POST_PATH = `/2021/11/07/${demo.slug}/`;
export const PLAIN_POST_PATH = "/2021/11/09/markets-steady-as-talks-resume/";
const LEAKED_TITLE = demo.title;
const PLAIN_TITLE = "Markets steady as talks resume";
/** What wptexturize makes of the shortcode's straight quotes: a right double quote and a double prime. */
const TEXTURIZED_SHORTCODE = "[elfsight_social_share_buttons id=&#8221;1&#8243;]";
const ELFSIGHT_EMBED =
  '<script src="https://static.elfsight.com/platform/platform.js" data-use-service-core defer></script>\n<div class="elfsight-app-0f3c2a6e-5d1b-4c2e-9a57-3b8f0d1e2c4a" data-elfsight-app-lazy></div>';
/** The origin's own policy: Herald must work under it, not replace it. */
export const ORIGIN_CSP =
  "default-src 'self'; img-src 'self' data: https:; style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline' https://static.elfsight.com; connect-src 'self'; frame-ancestors 'self'";

const THEME_CSS = `
:root{--global--color-primary:#28303d;--global--color-background:#d1e4dd;--global--font-primary:-apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,Oxygen-Sans,Ubuntu,Cantarell,"Helvetica Neue",sans-serif;--global--font-secondary:Georgia,serif}
*,*::before,*::after{box-sizing:border-box}
body{margin:0;background:var(--global--color-background);color:var(--global--color-primary);font-family:var(--global--font-secondary);font-size:1.25rem;line-height:1.7}
a{color:var(--global--color-primary);text-underline-offset:3px}
.site-header{display:flex;justify-content:space-between;align-items:center;max-width:1240px;margin:0 auto;padding:2rem 1.5rem}
.site-title{font-family:var(--global--font-primary);font-size:1.5rem;text-transform:uppercase;letter-spacing:.05em;margin:0}
.site-title a{text-decoration:none}
.primary-menu{display:flex;gap:1.25rem;list-style:none;margin:0;padding:0;font-family:var(--global--font-primary);font-size:1.1rem}
.site-main{max-width:610px;margin:0 auto;padding:0 1.5rem 4rem}
.entry-title{font-family:var(--global--font-primary);font-size:2.6rem;line-height:1.2;font-weight:300;margin:2rem 0 1rem}
.posted-on,.byline{font-family:var(--global--font-primary);font-size:1rem}
.entry-content p{margin:1.5rem 0}
.comment-respond{border-top:3px solid var(--global--color-primary);margin-top:3rem;padding-top:1rem;font-family:var(--global--font-primary)}
.comment-respond textarea{width:100%;min-height:6rem}
.site-footer{max-width:1240px;margin:0 auto;padding:2rem 1.5rem;border-top:3px solid var(--global--color-primary);font-family:var(--global--font-primary);font-size:1rem}
`;

/** The seed article's paragraphs as WordPress stores them: byline and comment-form residue dropped, quotes texturized. */
function seedParagraphs() {
  const paragraphs = readFileSync(demo.file, "utf8")
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
  return paragraphs
    .slice(1, paragraphs.indexOf("Leave a Reply"))
    .map((p) => (p.startsWith("[elfsight") ? TEXTURIZED_SHORTCODE : escapeText(p)));
}

/**
 * @param {{ publicUrl: string, title: string, path?: string, bodyClass: string, head?: string, main: string }} page
 * @returns {string}
 */
function themePage({ publicUrl, title, path, bodyClass, head = "", main }) {
  return `<!DOCTYPE html>
<html lang="en-US">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeText(title)} &#8211; ${SITE_NAME}</title>
${path ? `<link rel="canonical" href="${escapeAttribute(publicUrl + path)}" />` : ""}
${head}
<link rel="preconnect" href="https://core.service.elfsight.com" />
<link rel='stylesheet' id='twentytwentyone-style-css' href='${publicUrl}/wp-content/themes/twentytwentyone/style.css?ver=1.9' media='all' />
<link rel="alternate" type="application/rss+xml" title="${SITE_NAME} &raquo; Feed" href="${publicUrl}/feed/" />
</head>
<body class="${bodyClass}">
<div id="page" class="site">
<header id="masthead" class="site-header">
<p class="site-title"><a href="${publicUrl}/">${SITE_NAME}</a></p>
<nav aria-label="Primary menu"><ul class="primary-menu"><li><a href="${publicUrl}/category/world/">World</a></li><li><a href="${publicUrl}/category/business/">Business</a></li></ul></nav>
</header>
<main id="main" class="site-main">
${main}
</main>
<footer class="site-footer"><p>Proudly powered by WordPress</p></footer>
</div>
</body>
</html>`;
}

/**
 * @param {string} publicUrl
 * @param {{ path: string, title: string, author: string, date: string, paragraphs: string[], embed?: boolean, postId: number }} post
 */
function singlePost(publicUrl, { path, title, author, date, paragraphs, embed = false, postId }) {
  const description = paragraphs.find((p) => !p.startsWith("[")) ?? "";
  return themePage({
    publicUrl,
    title,
    path,
    bodyClass: `post-template-default single single-post postid-${postId} single-format-standard`,
    // Yoast writes these; it leaves out og:image when a post has no featured image.
    head: `<meta name="description" content="${escapeAttribute(description.slice(0, 155))}" />
<meta property="og:type" content="article" />
<meta property="og:title" content="${escapeAttribute(title)}" />
<meta property="og:url" content="${escapeAttribute(publicUrl + path)}" />
<meta property="og:site_name" content="${SITE_NAME}" />`,
    main: `<article id="post-${postId}" class="post-${postId} post type-post status-publish format-standard hentry">
<header class="entry-header"><h1 class="entry-title">${escapeText(title)}</h1>
<p class="posted-on">Published <time datetime="${date}">${new Date(date).toLocaleDateString("en-US", { dateStyle: "long", timeZone: "UTC" })}</time> <span class="byline">by ${escapeText(author)}</span></p></header>
<div class="entry-content">
${paragraphs.map((p) => `<p>${p}</p>`).join("\n")}
${embed ? ELFSIGHT_EMBED : ""}
</div>
</article>
<div id="respond" class="comment-respond"><h2 id="reply-title" class="comment-reply-title">Leave a Reply</h2>
<form action="${publicUrl}/wp-comments-post.php" method="post"><p>Your email address will not be published. Required fields are marked *</p>
<p><label for="comment">Comment *</label><textarea id="comment" name="comment" required></textarea></p><p><button type="submit">Post Comment</button></p></form></div>`,
  });
}

/** @param {string} publicUrl */
function feed(publicUrl) {
  const item = (/** @type {string} */ path, /** @type {string} */ title, /** @type {string} */ html) => `
	<item>
		<title>${escapeText(title)}</title>
		<link>${publicUrl}${path}</link>
		<dc:creator><![CDATA[Lauren Moye]]></dc:creator>
		<description><![CDATA[${html.slice(0, 300)} [&#8230;]]]></description>
		<content:encoded><![CDATA[${html}]]></content:encoded>
	</item>`;
  const seed = seedParagraphs()
    .map((p) => `<p>${p}</p>`)
    .join("\n");
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
	<title>${SITE_NAME}</title>
	<atom:link href="${publicUrl}/feed/" rel="self" type="application/rss+xml" />
	<link>${publicUrl}</link>
	<description>News you can trust</description>${item(LEAKED_POST_PATH, LEAKED_TITLE, seed)}${item(PLAIN_POST_PATH, PLAIN_TITLE, "<p>Stocks held their ground on Tuesday.</p>")}
</channel>
</rss>`;
}

/**
 * Starts the origin. Its pages link to `publicUrl` (WordPress's "Site Address"), the address
 * visitors use: Herald's.
 * @param {{ port?: number, publicUrl: string }} options
 * @returns {Promise<Server>}
 */
export function startWordPressOrigin({ port = ORIGIN_PORT, publicUrl }) {
  const pages = {
    "/": () =>
      themePage({
        publicUrl,
        title: "News you can trust",
        bodyClass: "home blog",
        main: [
          [LEAKED_POST_PATH, LEAKED_TITLE],
          [PLAIN_POST_PATH, PLAIN_TITLE],
        ]
          .map(
            ([path, title]) =>
              `<article class="post"><h2 class="entry-title"><a href="${publicUrl}${path}">${escapeText(title)}</a></h2></article>`,
          )
          .join("\n"),
      }),
    [LEAKED_POST_PATH]: () =>
      singlePost(publicUrl, {
        path: LEAKED_POST_PATH,
        title: LEAKED_TITLE,
        author: "Lauren Moye",
        date: "2021-11-07T14:05:00Z",
        paragraphs: seedParagraphs(),
        embed: true,
        postId: 4211,
      }),
    [PLAIN_POST_PATH]: () =>
      singlePost(publicUrl, {
        path: PLAIN_POST_PATH,
        title: PLAIN_TITLE,
        author: "Zoë Ångström",
        date: "2021-11-09T09:00:00Z",
        paragraphs: ["Stocks held their ground on Tuesday as negotiators met again.", "Oil slipped for a third day."],
        postId: 4213,
      }),
  };
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? "/", "http://origin").pathname;
    const headers = { "Content-Security-Policy": ORIGIN_CSP, "X-Powered-By": "PHP/8.2" };
    if (path === "/wp-content/themes/twentytwentyone/style.css") {
      response.writeHead(200, { "Content-Type": "text/css; charset=UTF-8", "Cache-Control": "max-age=31536000" }).end(THEME_CSS);
    } else if (path === "/favicon.ico") {
      // WordPress answers /favicon.ico itself (since 5.4, the site icon or an empty answer).
      response.writeHead(204).end();
    } else if (path === "/feed/") {
      response.writeHead(200, { ...headers, "Content-Type": "application/rss+xml; charset=UTF-8" }).end(feed(publicUrl));
    } else if (path === "/wp-login.php") {
      response
        .writeHead(200, {
          ...headers,
          "Content-Type": "text/html; charset=UTF-8",
          "Set-Cookie": "wordpress_test_cookie=WP%20Cookie%20check; path=/",
        })
        .end(
          `<!doctype html><title>Log In</title><form method="post" action="${publicUrl}/wp-login.php"><label>Username <input name="log"></label></form>`,
        );
    } else if (path in pages) {
      response
        .writeHead(200, { ...headers, "Content-Type": "text/html; charset=UTF-8" })
        .end(pages[/** @type {keyof typeof pages} */ (path)]());
    } else {
      response
        .writeHead(404, { ...headers, "Content-Type": "text/html; charset=UTF-8" })
        .end(themePage({ publicUrl, title: "Page not found", bodyClass: "error404", main: "<h1>Nothing here</h1>" }));
    }
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve(server));
  });
}
