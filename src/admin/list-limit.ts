import * as v from "valibot";

/** An admin list's `?limit=`: a whole number from 1 to `max`, `fallback` when absent. */
export function listLimit(max: number, fallback: number) {
  return v.optional(
    v.pipe(
      v.string(),
      v.transform(Number),
      v.integer("limit must be a whole number"),
      v.minValue(1, "limit must be at least 1"),
      v.maxValue(max, `limit must be at most ${max}`),
    ),
    String(fallback),
  );
}
