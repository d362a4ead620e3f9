import type { CardFrame } from "./card-design";

/** A card that was not drawn, or drawn but not kept in R2, and why: what a retry needs. */
export interface CardFailure {
  slug: string;
  /** The card version drawn; during an outage, the one the client asked for (if any). */
  version?: string;
  frame: CardFrame;
  reason: "render-failed" | "not-stored" | "storage-unavailable";
  error?: unknown;
}
