import { THEME_COLOR } from "../../../cards/social-meta";

/**
 * The stylesheet part of the article page: the previews' grid, each unfurl's mock, the crops
 * (aspect-ratio and object-fit, no style attributes: the CSP has no 'unsafe-inline') and the
 * lint's findings. Neutral colours from the desk's palette; Discord's edge takes the site's
 * theme-color, as Discord does.
 */
export const PREVIEW_CSS = `
.article-facts{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:0 0 1rem}
.article-facts dt{font-weight:600}.article-facts dd{margin:0;overflow-wrap:anywhere}
.previews{list-style:none;margin:1rem 0 0;padding:0;display:grid;gap:1.25rem;grid-template-columns:repeat(auto-fill,minmax(18rem,1fr))}
.preview{margin:0;min-width:0}
.preview h3{margin:0 0 .4rem}
.unfurl{border:1px solid var(--rule);border-radius:8px;overflow:hidden;background:var(--bg);font-size:.9rem;line-height:1.35}
.unfurl p{margin:0}
.unfurl .text{padding:.5rem .65rem;background:var(--panel)}
.unfurl .text>*+*,.unfurl .bar>*+*{margin-top:.3rem}
.unfurl .title{font-weight:700;overflow-wrap:anywhere}
.unfurl .desc{color:var(--muted);overflow-wrap:anywhere}
.unfurl .site{color:var(--muted);font-size:.8rem;overflow-wrap:anywhere}
.unfurl .site.upper{text-transform:uppercase;letter-spacing:.02em}
.unfurl .site.strong{color:var(--fg);font-weight:700}
.unfurl .site.small{font-size:.78rem}
.unfurl .link{color:var(--link)}
.unfurl .rule-above{border-top:1px solid var(--rule);padding-top:.3rem}
.unfurl .bar{margin:.5rem;padding:.1rem .65rem .4rem;border-inline-start:4px solid var(--rule)}
.unfurl .bar.theme{border-inline-start-color:${THEME_COLOR}}
.unfurl .bubble{margin:.5rem;border-radius:10px;overflow:hidden;border:1px solid var(--rule)}
.unfurl>.site{padding:.35rem .65rem}
.unfurl .creator{padding:.4rem .65rem;border-top:1px solid var(--rule);font-weight:600}
.frame{position:relative}
.frame-thumbnail{float:inline-start;width:5rem;margin:.5rem}
.crop{display:block;width:100%;height:auto;object-fit:cover;background:var(--panel)}
.crop-191x100{aspect-ratio:1.91/1}
.crop-2x1{aspect-ratio:2/1}
.crop-1x1{aspect-ratio:1/1}
.bar .frame{margin-top:.4rem;max-width:22rem}
.overlay{position:absolute;inset-inline-start:.5rem;bottom:.5rem;max-width:calc(100% - 1rem);padding:.1rem .4rem;border-radius:4px;background:rgba(0,0,0,.78);color:#fff;font-weight:400;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.labels{display:flex;flex-wrap:wrap;gap:.25rem 1.25rem;margin:.3rem 0 0}
.labels dt{font-weight:700;font-size:.8rem}.labels dd{margin:0}
.platform-rules{margin:.75rem 0}
.platform-rules td.source{font-size:.85rem;overflow-wrap:anywhere}
.findings{list-style:none;margin:0;padding:0}
.findings li{border:1px solid var(--rule);border-inline-start:6px solid var(--rule);padding:.5rem .75rem;margin:0 0 .6rem}
.findings li.error{border-inline-start-color:var(--bad)}
.findings li.warning{border-inline-start-color:var(--warn)}
.findings li.notice{border-inline-start-color:var(--link)}
.findings .severity{font-weight:700;text-transform:uppercase;font-size:.8rem;letter-spacing:.03em}
.findings p{margin:.2rem 0}
.findings code{font-size:.85rem;color:var(--muted)}
`;
