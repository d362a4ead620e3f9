/**
 * The stylesheet part of this desk page (joined into DESK_CSS, allowed by its CSP hash: no
 * style attributes). The charts' series colours are set here as `color`, which the SVG's
 * strokes and markers take through currentColor: each has at least 4.5:1 contrast with the
 * desk's background in its mode (--bg #fdfdfb light, #141416 dark; tests/admin/desk/shares.test.ts
 * measures them), beyond the 3:1 WCAG 1.4.11 asks of graphics.
 */
export const SERIES_COLOURS = {
  light: ["#0b57d0", "#b3261e", "#1e6b34", "#8a5a00", "#6b3fa0", "#4a4a55"],
  dark: ["#8ab4f8", "#ff8a80", "#7bd88f", "#ffcc66", "#c9a7ff", "#c4c4cc"],
} as const;

const seriesRules = (colours: readonly string[]) => colours.map((colour, index) => `.chart .series-${index}{color:${colour}}`).join("");

export const SHARES_CSS = `
.share-window{display:flex;flex-wrap:wrap;gap:1rem 2rem;align-items:end;margin:0 0 1rem}
.share-window form.filters,.share-window p{margin:0}
figure.share-chart{margin:0 0 1rem;overflow-x:auto}
svg.chart{display:block;max-width:100%;height:auto;color:var(--fg)}
svg.chart text{fill:var(--fg)}
svg.chart .domain,svg.chart .tick{stroke:var(--muted)}
svg.chart .grid{stroke:var(--rule)}
svg.chart .line{stroke:currentColor;fill:none}
svg.chart .marker{fill:currentColor}
svg.chart .bar{fill:var(--link)}
${seriesRules(SERIES_COLOURS.light)}
@media (prefers-color-scheme:dark){${seriesRules(SERIES_COLOURS.dark)}}
.table-scroll{overflow-x:auto;max-width:100%}
.table-scroll table{width:auto;min-width:20rem}
table.share-days tfoot th,table.share-days tfoot td{font-weight:700;border-top:2px solid var(--fg)}
`;
