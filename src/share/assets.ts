import type { BrandedNetwork } from "./brands";

/** WCAG relative luminance of a #rrggbb colour. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** White icons where they reach 3:1 on the brand colour (WCAG 1.4.11), black otherwise. */
function iconColourOn(hex: string): string {
  return 1.05 / (luminance(hex) + 0.05) >= 3 ? "#fff" : "#000";
}

/**
 * The bar's stylesheet, scoped to `.hs`: 44×44 px targets, visible focus, logical properties
 * for right-to-left pages, dark mode, hidden in print, brand or mono theme, icon or label,
 * inline or floating, and the colours of the enabled networks only. The page's CSP allows it
 * by hash, computed for the configured networks.
 */
export function shareBarCss(networks: BrandedNetwork[]): string {
  return [
    ".hs{margin:1.5rem 0;font:600 .9rem/1 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif}",
    ".hs ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.5rem;align-items:center}",
    ".hs a,.hs button{box-sizing:border-box;min-width:44px;min-height:44px;display:inline-flex;align-items:center;justify-content:center;gap:.4rem;padding:0 .7rem;border-radius:.5rem;border:1px solid rgba(127,127,127,.45);background:var(--c,#4b5563);color:var(--f,#fff);text-decoration:none;cursor:pointer;font:inherit}",
    ".hs [hidden]{display:none}",
    ".hs a:focus-visible,.hs button:focus-visible{outline:3px solid var(--link,#0b57d0);outline-offset:2px}",
    ".hs svg{width:20px;height:20px;fill:currentColor;flex:none}",
    ".hs-icon a,.hs-icon button{padding:0}",
    ".hs-mono a,.hs-mono button{background:transparent;color:inherit}",
    ".hs-live{margin:.4rem 0 0;font-weight:400;min-height:1em}",
    ".hs-sprite{position:absolute}",
    "@media (min-width:1100px){.hs-floating{position:fixed;inset-inline-start:1rem;top:30vh;margin:0}.hs-floating ul{flex-direction:column}}",
    "@media (prefers-color-scheme:dark){.hs a,.hs button{border-color:rgba(255,255,255,.5)}}",
    "@media print{.hs{display:none}}",
    networks.map((n) => `.hs-${n.id}{--c:${n.color}${iconColourOn(n.color) === "#000" ? ";--f:#000" : ""}}`).join(""),
  ].join("\n");
}

/**
 * Shows Copy link, Share and Print only where the browser can do them, and announces
 * "Link copied" in the bar's live region. A few hundred bytes, allowed by its CSP hash.
 */
export const SHARE_BAR_SCRIPT =
  '(()=>{const n=navigator;for(const b of document.querySelectorAll("[data-hs]")){const k=b.dataset.hs,u=b.dataset.url,t=b.dataset.title,s=()=>{b.parentElement.hidden=false};' +
  'if(k==="copy"&&n.clipboard){s();b.onclick=()=>n.clipboard.writeText(u).then(()=>{const l=b.closest(".hs").querySelector(".hs-live");l.textContent="";setTimeout(()=>{l.textContent="Link copied"},50)})}' +
  'else if(k==="share"&&n.canShare&&n.canShare({url:u})){s();b.onclick=()=>n.share({url:u,title:t}).catch(()=>{})}' +
  'else if(k==="print"){s();b.onclick=()=>print()}}})()';
