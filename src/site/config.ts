import * as v from "valibot";
import { DEFAULT_NETWORKS, isNetworkId, NETWORK_IDS, type NetworkId } from "./network-ids";
import { languageDirection, type TextDirection } from "./text-direction";

/** How the share bar looks and links. */
export interface ShareSettings {
  /** "redirect": links go through /share/ (counted); "direct": straight to the platform. */
  mode: "redirect" | "direct";
  /** Where the bar goes in articles without the shortcode. */
  position: "top" | "bottom" | "both" | "none";
  theme: "brand" | "mono";
  labels: "icon" | "label";
  layout: "inline" | "floating";
  showCount: boolean;
}

/**
 * Share-card layouts: the lead photo beside (or, on tall frames, above) the text; the photo
 * filling the card under a dark panel with the text; or text only. Articles without a usable
 * photo get the text layout whatever is chosen.
 */
export const CARD_LAYOUTS = ["photo-beside", "photo-full", "text"] as const;
export type CardLayout = (typeof CARD_LAYOUTS)[number];

/** Site configuration, parsed and validated once from the vars below. */
export interface SiteConfig {
  /** Origin (and optional base path) without a trailing slash, e.g. "https://news.example". */
  url: string;
  name: string;
  description: string;
  /** BCP 47 language tag, e.g. "en-US". */
  language: string;
  /** Which way the site's language is written ("rtl" for he, ar, fa…): every page's `dir`. */
  direction: TextDirection;
  publisherName: string;
  /** X/Twitter handle without "@", or undefined. */
  xHandle?: string;
  /** Fediverse handle as "user@instance", or undefined. */
  fediverseHandle?: string;
  /** Share network ids in display order. */
  shareNetworks: NetworkId[];
  share: ShareSettings;
  /** WebSub hubs pinged when a feed changes, and advertised in feeds. */
  websubHubs: string[];
  /** Square site icon (PNG/JPEG/GIF) for feeds, absolute URL. */
  iconUrl?: string;
  /** Host names the card renderer may fetch lead images from. */
  cardImageHosts: string[];
  /** How share cards are laid out: see CARD_LAYOUTS. */
  cardLayout: CardLayout;
  /**
   * Edge mode: the WordPress (or other) origin Herald stands in front of, without a trailing
   * slash. Requests Herald does not answer itself are passed to it. Undefined: publisher mode.
   */
  originUrl?: string;
  /**
   * Elfsight apps (ids from their `elfsight-app-<id>` containers) that are not the share widget,
   * such as a reviews feed: edge mode leaves them, and Elfsight's script, in place.
   */
  elfsightKeptApps: string[];
  /** The WordPress site whose `/wp-json/` REST API the sync reads, without a trailing slash. */
  wordpressUrl?: string;
  /** The Workers plan whose per-invocation limits one sync run stays inside. */
  wordpressSyncPlan: "free" | "paid";
  /**
   * Whether article pages let search engines show large image previews and full snippets
   * (robots `max-image-preview:large, max-snippet:-1, max-video-preview:-1`).
   */
  robotsLargePreviews: boolean;
  /**
   * The Cloudflare zone whose cache a change is purged from in every data centre (with the
   * PURGE_API_TOKEN secret); undefined: purges reach only the data centre that ran them.
   */
  purgeZoneId?: string;
  /** Seconds before a failed publish job's first retry; each later retry waits three times longer. */
  publishRetrySeconds: number;
  /**
   * How long the edge keeps a stale copy of each page and feed for storage outages: a day when
   * purges reach every data centre (PURGE_ZONE_ID), else 10 minutes, since another data centre's
   * copy of a removed article could not be purged.
   */
  staleCopySeconds: number;
  /**
   * Cloudflare Access in front of the desk (ACCESS_TEAM_DOMAIN and ACCESS_AUD): the desk then
   * trusts Access's signed JWT instead of its own sign-in form. Undefined: the form.
   */
  deskAccess?: { teamDomain: string; audience: string };
}

const optionalText = v.pipe(
  v.optional(v.string(), ""),
  v.trim(),
  v.transform((s) => (s === "" ? undefined : s)),
);

function isLanguageTag(tag: string): boolean {
  try {
    return Intl.getCanonicalLocales(tag).length === 1;
  } catch {
    return false;
  }
}

/** One of `options`, or `fallback` when empty. */
function choice<const T extends string>(name: string, options: readonly T[], fallback: T) {
  return v.pipe(
    v.optional(v.string(), ""),
    v.trim(),
    v.transform((s) => (s === "" ? fallback : s.toLowerCase())),
    v.picklist(options, `${name} must be one of ${options.join(", ")}`),
  );
}

/** A comma- or space-separated list. */
const list = (separator: RegExp) =>
  v.pipe(
    v.optional(v.string(), ""),
    v.transform((s) =>
      s
        .split(separator)
        .map((item) => item.trim())
        .filter(Boolean),
    ),
  );

const isHttpUrl = (s: string) => /^https?:$/.test(URL.parse(s)?.protocol ?? "");

/** An optional http(s) base URL (no query or fragment), without its trailing slash. */
function optionalBaseUrl(name: string) {
  return v.pipe(
    optionalText,
    v.check((s) => s === undefined || isHttpUrl(s), `${name} must be an absolute http(s) URL such as https://origin.news.example`),
    v.check((s) => s === undefined || (!URL.parse(s)?.search && !URL.parse(s)?.hash), `${name} must not have a query or fragment`),
    v.transform((s) => s?.replace(/\/+$/, "")),
  );
}

/**
 * Every site variable wrangler.toml, `.dev.vars` and `wrangler secret put` give the Worker,
 * each named once here: the schema is also where the `Bindings` type comes from.
 */
const SiteVars = v.object({
  SITE_URL: v.pipe(
    v.string("SITE_URL is required"),
    v.trim(),
    v.url("SITE_URL must be an absolute URL such as https://news.example"),
    v.check((s) => !URL.parse(s) || isHttpUrl(s), "SITE_URL must use http or https"),
    v.check((s) => !URL.parse(s)?.search && !URL.parse(s)?.hash, "SITE_URL must not have a query or fragment"),
    v.transform((s) => s.replace(/\/+$/, "")),
  ),
  SITE_NAME: v.pipe(v.string("SITE_NAME is required"), v.trim(), v.nonEmpty("SITE_NAME must not be empty")),
  SITE_DESCRIPTION: v.optional(v.pipe(v.string(), v.trim()), ""),
  SITE_LANGUAGE: v.pipe(
    v.optional(v.string(), "en"),
    v.trim(),
    v.check(isLanguageTag, "SITE_LANGUAGE must be a language tag such as en-US"),
  ),
  PUBLISHER_NAME: optionalText,
  X_HANDLE: v.pipe(
    optionalText,
    v.transform((s) => s?.replace(/^@/, "")),
    v.check((s) => s === undefined || /^[A-Za-z0-9_]{1,15}$/.test(s), "X_HANDLE must be an X handle such as fismnews"),
  ),
  FEDIVERSE_HANDLE: v.pipe(
    optionalText,
    v.transform((s) => s?.replace(/^@/, "")),
    v.check(
      (s) => s === undefined || /^[A-Za-z0-9_.-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$/.test(s),
      "FEDIVERSE_HANDLE must look like user@instance.example",
    ),
  ),
  SHARE_NETWORKS: v.pipe(
    list(/,/),
    v.transform((ids) => ids.map((id) => id.toLowerCase())),
    v.check((ids) => ids.every(isNetworkId), `SHARE_NETWORKS must be a comma-separated list of: ${NETWORK_IDS.join(", ")}`),
    v.transform((ids) => (ids.length ? (ids as NetworkId[]) : DEFAULT_NETWORKS)),
  ),
  SHARE_MODE: choice("SHARE_MODE", ["redirect", "direct"], "redirect"),
  SHARE_POSITION: choice("SHARE_POSITION", ["bottom", "top", "both", "none"], "bottom"),
  SHARE_THEME: choice("SHARE_THEME", ["brand", "mono"], "brand"),
  SHARE_LABELS: choice("SHARE_LABELS", ["icon", "label"], "icon"),
  SHARE_LAYOUT: choice("SHARE_LAYOUT", ["inline", "floating"], "inline"),
  SHARE_COUNT: choice("SHARE_COUNT", ["off", "on"], "off"),
  WEBSUB_HUBS: v.pipe(
    list(/[\s,]+/),
    v.check((urls) => urls.every(isHttpUrl), "WEBSUB_HUBS must be a comma-separated list of http(s) hub URLs"),
  ),
  CARD_IMAGE_HOSTS: v.pipe(
    list(/[\s,]+/),
    v.transform((hosts) => hosts.map((host) => host.toLowerCase())),
    v.check((hosts) => hosts.every((host) => /^[a-z0-9.-]+$/.test(host)), "CARD_IMAGE_HOSTS must be a comma-separated list of host names"),
  ),
  CARD_LAYOUT: choice("CARD_LAYOUT", CARD_LAYOUTS, "photo-beside"),
  SITE_ICON_URL: v.pipe(
    optionalText,
    v.check(
      // RSS allows only these formats for a channel image.
      (s) => s === undefined || (isHttpUrl(s) && /\.(png|jpe?g|gif)$/i.test(URL.parse(s)?.pathname ?? "")),
      "SITE_ICON_URL must be an absolute http(s) URL of a PNG, JPEG or GIF image",
    ),
  ),
  ORIGIN_URL: v.pipe(
    optionalBaseUrl("ORIGIN_URL"),
    // Paths and redirects map one to one between the public site and the origin.
    v.check(
      (s) => s === undefined || URL.parse(s)?.pathname === "/",
      "ORIGIN_URL must be an origin without a path, such as https://origin.news.example",
    ),
  ),
  WP_ORIGIN: optionalBaseUrl("WP_ORIGIN"),
  ELFSIGHT_KEEP_APPS: v.pipe(
    list(/[\s,]+/),
    v.transform((ids) => ids.map((id) => id.toLowerCase())),
    v.check(
      (ids) => ids.every((id) => /^[0-9a-f-]{8,64}$/.test(id)),
      "ELFSIGHT_KEEP_APPS must be a comma-separated list of Elfsight app ids",
    ),
  ),
  WP_SYNC_PLAN: choice("WP_SYNC_PLAN", ["free", "paid"], "free"),
  ROBOTS_LARGE_PREVIEWS: choice("ROBOTS_LARGE_PREVIEWS", ["on", "off"], "on"),
  PURGE_ZONE_ID: v.pipe(
    optionalText,
    v.check((s) => s === undefined || /^[0-9a-f]{32}$/.test(s), "PURGE_ZONE_ID must be a zone id: 32 hexadecimal characters"),
  ),
  PUBLISH_RETRY_SECONDS: v.pipe(
    v.optional(v.string(), ""),
    v.trim(),
    v.transform((s) => (s === "" ? 10 : Number(s))),
    v.check((n) => Number.isInteger(n) && n >= 1 && n <= 3600, "PUBLISH_RETRY_SECONDS must be a whole number of seconds from 1 to 3600"),
  ),
  ACCESS_TEAM_DOMAIN: v.pipe(
    optionalText,
    v.transform((s) =>
      s
        ?.replace(/^https:\/\//, "")
        .replace(/\/+$/, "")
        .toLowerCase(),
    ),
    v.check(
      (s) => s === undefined || /^[a-z0-9-]+\.cloudflareaccess\.com$/.test(s),
      "ACCESS_TEAM_DOMAIN must be your Zero Trust team domain, such as newsroom.cloudflareaccess.com",
    ),
  ),
  ACCESS_AUD: v.pipe(
    optionalText,
    v.check(
      (s) => s === undefined || /^[0-9a-f]{64}$/.test(s),
      "ACCESS_AUD must be the Access application's audience tag: 64 hexadecimal characters",
    ),
  ),
});

const SiteConfigSchema = v.pipe(
  SiteVars,
  v.check(
    (vars) => (vars.ACCESS_TEAM_DOMAIN === undefined) === (vars.ACCESS_AUD === undefined),
    "ACCESS_TEAM_DOMAIN and ACCESS_AUD go together: set both to put the desk behind Cloudflare Access, or neither",
  ),
  v.transform(
    (vars): SiteConfig => ({
      url: vars.SITE_URL,
      name: vars.SITE_NAME,
      description: vars.SITE_DESCRIPTION,
      language: vars.SITE_LANGUAGE,
      direction: languageDirection(vars.SITE_LANGUAGE),
      publisherName: vars.PUBLISHER_NAME ?? vars.SITE_NAME,
      xHandle: vars.X_HANDLE,
      fediverseHandle: vars.FEDIVERSE_HANDLE,
      shareNetworks: vars.SHARE_NETWORKS,
      share: {
        mode: vars.SHARE_MODE,
        position: vars.SHARE_POSITION,
        theme: vars.SHARE_THEME,
        labels: vars.SHARE_LABELS,
        layout: vars.SHARE_LAYOUT,
        showCount: vars.SHARE_COUNT === "on",
      },
      websubHubs: vars.WEBSUB_HUBS,
      iconUrl: vars.SITE_ICON_URL,
      cardImageHosts: vars.CARD_IMAGE_HOSTS,
      cardLayout: vars.CARD_LAYOUT,
      originUrl: vars.ORIGIN_URL,
      elfsightKeptApps: vars.ELFSIGHT_KEEP_APPS,
      wordpressUrl: vars.WP_ORIGIN,
      wordpressSyncPlan: vars.WP_SYNC_PLAN,
      robotsLargePreviews: vars.ROBOTS_LARGE_PREVIEWS === "on",
      purgeZoneId: vars.PURGE_ZONE_ID,
      publishRetrySeconds: vars.PUBLISH_RETRY_SECONDS,
      staleCopySeconds: vars.PURGE_ZONE_ID ? 86_400 : 600,
      deskAccess:
        vars.ACCESS_TEAM_DOMAIN && vars.ACCESS_AUD ? { teamDomain: vars.ACCESS_TEAM_DOMAIN, audience: vars.ACCESS_AUD } : undefined,
    }),
  ),
);

/** What the Worker is given: its storage bindings, the admin secret and the site vars above. */
export type Bindings = {
  DB: D1Database;
  CARDS: R2Bucket;
  /** The publish queue (wrangler.toml): what an article change sets off, retried until done. */
  PUBLISH_QUEUE?: Queue;
  ADMIN_TOKEN?: string;
  /** A Cloudflare API token with the zone's Cache Purge permission (`wrangler secret put PURGE_API_TOKEN`). */
  PURGE_API_TOKEN?: string;
} & Partial<Record<keyof typeof SiteVars.entries, string>>;

const VAR_NAMES = Object.keys(SiteVars.entries) as (keyof typeof SiteVars.entries)[];

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Herald is misconfigured: ${problems.join("; ")}`);
    this.name = "ConfigError";
  }
}

let cached: { env: Bindings; key: string; config: SiteConfig } | undefined;

/**
 * Parses the site vars once per isolate (re-parsed only if the vars change, as in tests).
 * Throws ConfigError listing every problem, so a bad SITE_URL is a loud error on every
 * response instead of silently wrong canonical URLs.
 */
export function siteConfig(env: Bindings): SiteConfig {
  // The same bindings object comes back for every request of an isolate: no re-reading.
  if (cached?.env === env) return cached.config;
  // Every name present, set or not: valibot reports an absent key with its own generic
  // message instead of the schema's ("SITE_URL is required"), and workerd leaves unset vars out.
  const vars = Object.fromEntries(VAR_NAMES.map((name) => [name, env[name]]));
  const key = JSON.stringify(vars);
  if (cached?.key === key) {
    cached.env = env;
    return cached.config;
  }
  const result = v.safeParse(SiteConfigSchema, vars);
  if (!result.success) throw new ConfigError(result.issues.map((issue) => issue.message));
  cached = { env, key, config: result.output };
  return result.output;
}
