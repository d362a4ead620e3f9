/** The whole stylesheet, inlined so a page is one request; allowed by its CSP hash. */
export const SITE_CSS = `
:root{color-scheme:light dark;--fg:#1b1b1f;--muted:#5b5b66;--bg:#fdfdfb;--rule:#e4e2dc;--link:#0b57d0;--accent:#a4161a}
@media (prefers-color-scheme:dark){:root{--fg:#ececef;--muted:#a8a8b3;--bg:#141416;--rule:#2c2c31;--link:#8ab4f8;--accent:#ff8a80}}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--fg);font:1.125rem/1.65 Georgia,"Iowan Old Style","Times New Roman",serif}
a{color:var(--link)}
a:focus-visible,button:focus-visible{outline:3px solid var(--link);outline-offset:2px}
.skip{position:absolute;inset-inline-start:-999px}.skip:focus{inset-inline-start:1rem;top:1rem;background:var(--bg);padding:.5rem}
header.site,footer.site{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;border-color:var(--rule);border-style:solid;border-width:0}
header.site{border-bottom-width:1px}footer.site{border-top-width:1px;margin-top:3rem;color:var(--muted);font-size:.9rem}
header.site>div,footer.site>div,main{max-width:42rem;margin:0 auto;padding:1rem 1.25rem}
.brand{font-weight:700;font-size:1.25rem;color:var(--fg);text-decoration:none;letter-spacing:.01em}
h1,h2,h3{line-height:1.2;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
h1{font-size:clamp(1.75rem,5vw,2.5rem);margin:.5rem 0 .75rem}
.dek{font-size:1.25rem;color:var(--muted);margin:0 0 1rem}
.meta{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;font-size:.95rem;color:var(--muted);margin:0 0 1.5rem}
.meta .author{color:var(--fg);font-weight:600}
.section{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;text-transform:uppercase;letter-spacing:.08em;font-size:.8rem;color:var(--accent);font-weight:700;margin:1rem 0 0}
.section a{color:inherit;text-decoration:none}.section a:hover{text-decoration:underline}
.meta .author a{color:inherit}
.body img,.lead img{max-width:100%;height:auto}
.body iframe{max-width:100%}
.body blockquote{margin:1.5rem 0;padding-inline-start:1rem;border-inline-start:3px solid var(--rule);color:var(--muted)}
figure{margin:1.5rem 0}figcaption{font-size:.9rem;color:var(--muted)}
.tags{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.5rem;font-family:system-ui,sans-serif;font-size:.85rem}
.tags li{border:1px solid var(--rule);border-radius:1rem;padding:.1rem .7rem}
.list{list-style:none;padding:0;margin:0}
.list li{padding:1.25rem 0;border-bottom:1px solid var(--rule)}
.list h2{font-size:1.35rem;margin:.25rem 0 .5rem}.list h2 a{color:var(--fg);text-decoration:none}.list h2 a:hover{text-decoration:underline}
.list p{margin:.25rem 0}
.pager{margin:1.5rem 0;font-family:system-ui,sans-serif}
`;
