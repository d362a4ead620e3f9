/** The stylesheet part of this desk page (joined into DESK_CSS, allowed by its CSP hash: no style attributes). */
export const PREVIEW_CSS = "";
