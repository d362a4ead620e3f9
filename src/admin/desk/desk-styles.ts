import { HEALTH_CSS } from "./health/health-styles";
import { PREVIEW_CSS } from "./previews/preview-styles";
import { SHARES_CSS } from "./shares/shares-styles";

/**
 * The desk's one stylesheet, inlined and allowed by its CSP hash (as the site's is): the
 * desk's shell and tables here, each page's own part from its folder. No style attributes
 * anywhere: the CSP has no 'unsafe-inline'.
 */
const SHELL_CSS = `
:root{color-scheme:light dark;--fg:#1b1b1f;--muted:#55555f;--bg:#fdfdfb;--panel:#f3f2ee;--rule:#d9d6ce;--link:#0b57d0;--bad:#a4161a;--warn:#8a5a00;--ok:#1e6b34}
@media (prefers-color-scheme:dark){:root{--fg:#ececef;--muted:#b0b0ba;--bg:#141416;--panel:#1f1f23;--rule:#3a3a41;--link:#8ab4f8;--bad:#ff8a80;--warn:#ffcc66;--ok:#7bd88f}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:1rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
a{color:var(--link)}
a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible,summary:focus-visible,[tabindex]:focus-visible{outline:3px solid var(--link);outline-offset:2px}
.skip{position:absolute;inset-inline-start:-999px}.skip:focus{inset-inline-start:1rem;top:1rem;background:var(--bg);padding:.5rem}
header.desk{border-bottom:1px solid var(--rule);background:var(--panel)}
header.desk>div{max-width:80rem;margin:0 auto;padding:.75rem 1.25rem;display:flex;flex-wrap:wrap;gap:1rem;align-items:center}
header.desk .brand{font-weight:700;margin-inline-end:auto}
header.desk nav ul{list-style:none;display:flex;flex-wrap:wrap;gap:1rem;margin:0;padding:0}
header.desk nav a[aria-current=page]{font-weight:700;text-decoration-thickness:3px}
header.desk form{margin:0}
main{max-width:80rem;margin:0 auto;padding:1rem 1.25rem 3rem}
h1{font-size:1.6rem;line-height:1.25;margin:.5rem 0 1rem}
h2{font-size:1.25rem;margin:2rem 0 .75rem}
h3{font-size:1.05rem;margin:1rem 0 .5rem}
.muted{color:var(--muted)}
.note{background:var(--panel);border-inline-start:4px solid var(--rule);padding:.5rem .75rem}
.flash{border:2px solid var(--ok);padding:.5rem .75rem}
.flash.error{border-color:var(--bad)}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}
th,td{text-align:start;padding:.4rem .6rem;border-bottom:1px solid var(--rule);vertical-align:top}
th{font-weight:600}
td.num,th.num{text-align:end;font-variant-numeric:tabular-nums}
form.filters{display:flex;flex-wrap:wrap;gap:.75rem;align-items:end;margin:0 0 1rem}
label{display:block;font-weight:600}
input,select,button{font:inherit}
input[type=text],input[type=search],input[type=password],select{display:block;padding:.35rem .5rem;border:1px solid var(--muted);border-radius:4px;background:var(--bg);color:var(--fg);min-width:12rem}
button{padding:.4rem .9rem;border:1px solid var(--link);border-radius:4px;background:var(--link);color:var(--bg);cursor:pointer}
button.secondary{background:transparent;color:var(--link)}
.status{display:inline-block;padding:0 .4rem;border:1px solid currentColor;border-radius:3px;font-size:.85rem}
.sign-in{max-width:24rem;margin:3rem auto}
.sign-in form>*{margin:0 0 1rem}
`;

export const DESK_CSS = SHELL_CSS + PREVIEW_CSS + SHARES_CSS + HEALTH_CSS;
