// The import rules of the README's Layout section, checked by `npm run lint` (dependency-cruiser).
// Layers, top to bottom: index → app → admin, edge → capability routes → publish → feeds, pages
// → cards, share → articles → site, http. A module imports from its own folder and from layers
// below it. Type-only imports count: a type is a dependency too.

/** A capability's route files (Hono sub-apps): `routes.ts(x)` or `…-routes.ts`. */
const ROUTES = "^src/(feeds|cards|share|pages)/[a-z-]*routes\\.tsx?$";
/** Renderer modules of a capability, i.e. everything in it but its routes. */
const renderers = (folders) => ({ path: `^src/(${folders})/`, pathNot: ROUTES });

module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "Import cycles hide which module depends on which.",
      from: {},
      to: { circular: true },
    },
    {
      name: "index-is-the-entry",
      severity: "error",
      comment: "src/index.ts is the Worker's entry point; nothing imports it (tests and the harness use app/create-app).",
      from: {},
      to: { path: "^src/index\\.ts$" },
    },
    {
      name: "app-is-the-top",
      severity: "error",
      comment: "Only src/index.ts (and app/ itself) may use app/: create-app, the hot path, the security policy.",
      from: { path: "^src/", pathNot: "^src/(index\\.ts$|app/)" },
      to: { path: "^src/app/" },
    },
    {
      name: "admin-and-edge-below-app-only",
      severity: "error",
      comment: "admin/ and edge/ are mounted by app/; no capability below them may reach up into them.",
      from: { path: "^src/", pathNot: "^src/(index\\.ts$|app/|admin/|edge/)" },
      to: { path: "^src/(admin|edge)/" },
    },
    {
      name: "routes-are-mounted-by-app",
      severity: "error",
      comment: "A capability's routes are mounted by app/ only; renderers, publish and the store never import a route.",
      from: { path: "^src/", pathNot: "^src/(index\\.ts$|app/)" },
      to: { path: ROUTES },
    },
    {
      name: "publish-is-above-renderers",
      severity: "error",
      comment: "publish/ (what an article change sets off) is used by admin, edge and routes; renderers and the store never trigger it.",
      from: { path: "^src/(feeds|pages|cards|share|articles|site|http)/", pathNot: ROUTES },
      to: { path: "^src/publish/" },
    },
    {
      name: "feeds-and-pages-are-siblings",
      severity: "error",
      comment: "feeds/ and pages/ (routes included) share code through the layers below them, never through each other.",
      from: { path: "^src/(feeds|pages)/" },
      to: { path: "^src/(feeds|pages)/", pathNot: "^src/$1/" },
    },
    {
      name: "cards-and-share-never-use-feeds-or-pages",
      severity: "error",
      comment: "cards/ and share/, routes included, sit below feeds and pages (which embed them); a page they need is passed in by app/.",
      from: { path: "^src/(cards|share)/" },
      to: { path: "^src/(feeds|pages)/" },
    },
    {
      name: "cards-and-share-are-siblings",
      severity: "error",
      comment:
        "cards/ and share/ renderers do not use each other (what both need lives in articles/ or site/); their routes may compose both, as a share link carries the card's URL.",
      from: renderers("cards|share"),
      to: { path: "^src/(cards|share)/", pathNot: "^src/$1/" },
    },
    {
      name: "articles-uses-no-output",
      severity: "error",
      comment: "articles/ (model, ingest, repository) knows none of its outputs: only site/ and http/ below it.",
      from: { path: "^src/articles/" },
      to: { path: "^src/", pathNot: "^src/(articles|site|http)/" },
    },
    {
      name: "site-is-the-bottom",
      severity: "error",
      comment: "site/ (config and urls) depends on nothing else in src/.",
      from: { path: "^src/site/" },
      to: { path: "^src/", pathNot: "^src/site/" },
    },
    {
      name: "http-knows-no-capability",
      severity: "error",
      comment: "http/ is generic plumbing (caching, conditional GET, errors, auth, hashing): it imports only itself.",
      from: { path: "^src/http/" },
      to: { path: "^src/", pathNot: "^src/http/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { extensions: [".ts", ".tsx", ".js", ".mjs"] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
