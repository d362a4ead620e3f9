/** What the desk reaches outside the Worker, passed in so tests use recorded answers. */
export interface DeskDeps {
  /** Fetches Cloudflare Access's signing keys, lead images and WebSub hubs (default: global fetch). */
  fetcher?: typeof fetch;
  /** The clock (tests move it to expire sessions). */
  now?: () => Date;
}
