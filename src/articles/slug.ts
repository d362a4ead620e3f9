import slugify from "slugify";

// Plain erasable TypeScript only: scripts/import.mjs imports this file directly under Node 22.

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const MAX_SLUG_LENGTH = 120;
export const SLUG_RULE = "lowercase letters, digits and single hyphens, at most 120 characters, such as iraq-drone-attack";

export function isSlug(value: string): boolean {
  return value.length <= MAX_SLUG_LENGTH && SLUG_PATTERN.test(value);
}

/** "Middle East" → "middle-east", "Café Noir" → "cafe-noir"; "" when nothing Latin is left. */
export function slugFromName(name: string): string {
  return slugify(name, { lower: true, strict: true, trim: true }).slice(0, MAX_SLUG_LENGTH).replace(/-+$/, "");
}
