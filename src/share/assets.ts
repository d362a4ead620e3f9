import { NETWORKS } from "./networks";

/**
 * The bar's stylesheet, scoped to `.hs`: 44×44 px targets, visible focus, logical properties
 * for right-to-left pages, dark mode, hidden in print, brand or mono theme, icon or label,
 * inline or floating. Static, so the page's CSP can allow it by hash.
 */
export const SHARE_BAR_CSS = [
  ".hs{margin:1.5rem 0;font:600 .9rem/1 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif}",
  ".hs ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.5rem;align-items:center}",
  ".hs a,.hs button{box-sizing:border-box;min-width:44px;min-height:44px;display:inline-flex;align-items:center;justify-content:center;gap:.4rem;padding:0 .7rem;border-radius:.5rem;border:1px solid rgba(127,127,127,.45);background:var(--c,#4b5563);color:#fff;text-decoration:none;cursor:pointer;font:inherit}",
  ".hs a:focus-visible,.hs button:focus-visible{outline:3px solid #0b57d0;outline-offset:2px}",
  ".hs a:hover,.hs button:hover{filter:brightness(1.15)}",
  ".hs svg{width:20px;height:20px;fill:currentColor;flex:none}",
  ".hs-icon a,.hs-icon button{padding:0}",
  ".hs-mono a,.hs-mono button{background:transparent;color:inherit}",
  ".hs-live{min-width:0;font-weight:400}",
  ".hs-n{font-weight:400;color:inherit}",
  "@media (min-width:1100px){.hs-floating{position:fixed;inset-inline-start:1rem;top:30vh;margin:0}.hs-floating ul{flex-direction:column}}",
  "@media (prefers-color-scheme:dark){.hs a,.hs button{border-color:rgba(255,255,255,.5)}}",
  "@media print{.hs{display:none}}",
  NETWORKS.map((network) => `.hs-${network.id}{--c:${network.color}}`).join(""),
].join("\n");

/**
 * Shows Copy link, Share and Print only where the browser can do them, and announces
 * "Link copied" in the bar's live region. A few hundred bytes, allowed by its CSP hash.
 */
export const SHARE_BAR_SCRIPT =
  '(()=>{const n=navigator;for(const b of document.querySelectorAll("[data-hs]")){const k=b.dataset.hs,u=b.dataset.url,t=b.dataset.title;' +
  'if(k==="copy"&&n.clipboard){b.hidden=false;b.onclick=()=>n.clipboard.writeText(u).then(()=>{const l=b.closest(".hs").querySelector(".hs-live");l.textContent="";setTimeout(()=>{l.textContent="Link copied"},50)})}' +
  'else if(k==="share"&&n.canShare&&n.canShare({url:u})){b.hidden=false;b.onclick=()=>n.share({url:u,title:t}).catch(()=>{})}' +
  'else if(k==="print"){b.hidden=false;b.onclick=()=>print()}}})()';
