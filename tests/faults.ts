import { wrapD1 } from "../src/http/storage-guard";

/**
 * Fault injection around the REAL bindings (not a mock database): every call goes to the
 * test's D1 or R2 until the fault says otherwise, and then fails as the platform fails.
 */

/** D1's own message when the connection to the database drops (developers.cloudflare.com/d1/best-practices/retry-queries). */
export const D1_CONNECTION_LOST = "D1_ERROR: Network connection lost.";
/** R2's internal error, as its binding reports it. */
export const R2_INTERNAL_ERROR = "We encountered an internal error. Please try again. (10001)";

/**
 * "throw": every query, batch and exec rejects. "hang": none of them ever settles.
 * `{ failAfter: n }`: the first n calls (a query or a batch is one call) reach D1, every later
 * one rejects, as when the connection drops mid-way. `{ answerLostAt: n }`: the n-th call
 * (from 1) reaches D1 and is carried out, but its answer is lost and it rejects, and so does
 * every later call: the write committed, the caller cannot know.
 */
export type D1Fault = "throw" | "hang" | { failAfter: number } | { answerLostAt: number };

export interface FailingD1 extends D1Database {
  /** Calls made so far (those that reached D1 and those that failed). */
  readonly calls: number;
}

const never = new Promise<never>(() => {});

export function failingD1(real: D1Database, fault: D1Fault): FailingD1 {
  let calls = 0;
  const call = <T>(run: () => Promise<T>): Promise<T> => {
    calls++;
    if (fault === "hang") return never;
    const lost = () => Promise.reject(new Error(D1_CONNECTION_LOST));
    if (fault === "throw") return lost();
    if ("failAfter" in fault) return calls > fault.failAfter ? lost() : run();
    if (calls === fault.answerLostAt) return run().then(lost);
    return calls > fault.answerLostAt ? lost() : run();
  };
  return Object.defineProperty(wrapD1(real, call), "calls", { get: () => calls }) as FailingD1;
}

export type R2Operation = "get" | "put" | "head" | "delete" | "list";

/** The real bucket with `failing` operations rejecting as R2 does when it has an internal error. */
export function failingR2(real: R2Bucket, failing: R2Operation[] = ["get", "put", "head", "delete", "list"]): R2Bucket {
  return new Proxy(real, {
    get(target, property) {
      const value = Reflect.get(target, property);
      if (typeof value !== "function") return value;
      if (failing.includes(property as R2Operation)) {
        return () => Promise.reject(new Error(`${String(property)}: ${R2_INTERNAL_ERROR}`));
      }
      return value.bind(target);
    },
  });
}
