// The newsroom's side of the load test: new articles and edits of existing ones through the
// admin API (`PUT /api/articles/:slug`) at a steady rate while the readers' load runs. Every
// write carries a title no other write has, so the state it leaves is recognisable anywhere
// Herald shows the article; every answer is recorded.
import { generatedArticle } from "../generated-articles.ts";
import { ADMIN_TOKEN } from "./runtime.mjs";

/**
 * One write and what became of it. `changedAt` is the article's updatedAt as Herald answered it
 * (Herald's clock, taken as the write began, before it was stored): a purge or ping for this
 * write reaches the stand-in later than that.
 * @typedef {object} WriteRecord
 * @property {number} n
 * @property {string} slug
 * @property {"new" | "edit"} kind
 * @property {string} title
 * @property {number | undefined} status undefined: no answer (the connection failed)
 * @property {boolean} accepted answered 200 or 201
 * @property {boolean} changed Herald said the write changed the article (so it publishes the change)
 * @property {number} answeredAt ms since the writer started
 * @property {number} changedAt ms since the epoch
 * @property {string[]} authors the article's author slugs, as Herald answered them
 * @property {string | null} section its category slug
 * @property {string} [error]
 */

/** Writes in flight at most; a tick that finds this many is counted as skipped, not queued. */
export const MAX_IN_FLIGHT = 16;

/**
 * Starts writing at `perSecond` until `stop()`, which waits for the writes in flight. A write is
 * a new article (`newShare` of them) or an edit, half of the edits to an article this run
 * created, half to a seeded one. Every edit sends the whole article with a new title.
 * @param {{ herald: string, perSecond: number, seeded: string[], runId: string, random: () => number, newShare?: number }} options
 *   `seeded`: the seeded articles' slugs, index `i` being generated article `i`
 */
export function startWriter({ herald, perSecond, seeded, runId, random, newShare = 0.4 }) {
  /** @type {WriteRecord[]} */
  const records = [];
  /** The last body written to each article this run created or edited, by slug. */
  /** @type {Map<string, Record<string, unknown>>} */
  const bodies = new Map();
  /** Slugs of the articles this run created. */
  /** @type {string[]} */
  const createdSlugs = [];
  /** Slugs with a write in flight: one write per article at a time, so the last one answered is its final state. */
  const busy = new Set();
  /** @type {Set<Promise<void>>} */
  const inFlight = new Set();
  const began = performance.now();
  let n = 0;
  let skipped = 0;

  /**
   * @param {number} number
   * @returns {{ slug: string, kind: "new" | "edit", body: Record<string, unknown> }}
   */
  function nextWrite(number) {
    const title = `Load ${runId} write ${number}`;
    if (random() >= newShare) {
      for (let tries = 0; tries < 20; tries++) {
        const own = createdSlugs.length > 0 && (seeded.length === 0 || random() < 0.5);
        const i = Math.floor(random() * (own ? createdSlugs.length : seeded.length));
        const slug = own ? createdSlugs[i] : seeded[i];
        if (slug === undefined || busy.has(slug)) continue;
        const base = bodies.get(slug) ?? generatedArticle(i);
        return { slug, kind: "edit", body: { ...base, title } };
      }
    }
    const body = { ...generatedArticle(seeded.length + number), title, publishedAt: new Date().toISOString() };
    return { slug: `load-${runId}-${number}`, kind: "new", body };
  }

  async function write() {
    const number = n++;
    const { slug, kind, body } = nextWrite(number);
    busy.add(slug);
    /** @type {WriteRecord} */
    const record = {
      n: number,
      slug,
      kind,
      title: String(body.title),
      status: undefined,
      accepted: false,
      changed: false,
      answeredAt: 0,
      changedAt: 0,
      authors: [],
      section: null,
    };
    try {
      const res = await fetch(`${herald}/api/articles/${encodeURIComponent(slug)}`, {
        method: "PUT",
        headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, "Content-Type": "application/json" },
        body: JSON.stringify(body),
      });
      record.status = res.status;
      const answer = /** @type {any} */ (await res.json().catch(() => undefined));
      record.answeredAt = performance.now() - began;
      record.accepted = res.status === 200 || res.status === 201;
      if (record.accepted) {
        record.changed = answer?.changed === true;
        record.authors = (answer?.article?.authors ?? []).map((/** @type {{ slug: string }} */ a) => a.slug);
        record.section = answer?.article?.section?.slug ?? null;
        record.changedAt = Date.parse(answer?.article?.updatedAt);
        bodies.set(slug, body);
        if (kind === "new") createdSlugs.push(slug);
      } else {
        record.error = JSON.stringify(answer)?.slice(0, 300);
      }
    } catch (error) {
      record.answeredAt = performance.now() - began;
      record.error = String(error);
    } finally {
      busy.delete(slug);
      records.push(record);
    }
  }

  const timer = setInterval(() => {
    if (inFlight.size >= MAX_IN_FLIGHT) {
      skipped++;
      return;
    }
    const running = write();
    inFlight.add(running);
    running.finally(() => inFlight.delete(running));
  }, 1000 / perSecond);

  return {
    async stop() {
      clearInterval(timer);
      await Promise.all(inFlight);
      return { records: records.sort((a, b) => a.n - b.n), skipped, seconds: (performance.now() - began) / 1000 };
    },
  };
}
