/**
 * Herald as deployed (src/index.ts, hot path included) with its memory tiers off: every cached
 * answer comes from the Cache API, as it does in an isolate that has not seen the key yet. The
 * benchmark's "Cache API tier" scenarios load it beside the normal bundle, never deployed.
 */
import { useMemoryTiers } from "../src/http/hot-cache";
import herald from "../src/index";

useMemoryTiers(false);

export default herald;
