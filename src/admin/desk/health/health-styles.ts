/** The stylesheet part of this desk page (joined into DESK_CSS, allowed by its CSP hash: no style attributes). */
export const HEALTH_CSS = `
.health-ok{color:var(--ok);font-weight:600}
.health-bad{color:var(--bad);font-weight:600}
.health-warn{color:var(--warn);font-weight:600}
.health-error{overflow-wrap:anywhere}
td.health-actions form,.article-actions form{display:inline-block;margin:0 .25rem .25rem 0}
td.health-actions button{font-size:.85rem;padding:.2rem .5rem}
`;
