import * as v from "valibot";
import { DEFAULT_NETWORKS, NETWORK_IDS } from "./share/networks";

/** What wrangler.toml, `.dev.vars` and `wrangler secret put` give the Worker. */
export interface Bindings {
  DB: D1Database;
  CARDS: R2Bucket;
  ADMIN_TOKEN?: string;
  SITE_URL?: string;
  SITE_NAME?: string;
  SITE_DESCRIPTION?: string;
  SITE_LANGUAGE?: string;
  PUBLISHER_NAME?: string;
  X_HANDLE?: string;
  FEDIVERSE_HANDLE?: string;
  SHARE_NETWORKS?: string;
  WEBSUB_HUBS?: string;
  SITE_ICON_URL?: string;
  CARD_IMAGE_HOSTS?: string;
  SHARE_MODE?: string;
  SHARE_POSITION?: string;
  SHARE_THEME?: string;
  SHARE_LABELS?: string;
  SHARE_LAYOUT?: string;
  SHARE_COUNT?: string;
}

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

/** Site configuration, parsed and validated once from the vars above. */
export interface SiteConfig {
  /** Origin (and optional base path) without a trailing slash, e.g. "https://news.example". */
  url: string;
  name: string;
  description: string;
  /** BCP 47 language tag, e.g. "en-US". */
  language: string;
  publisherName: string;
  /** X/Twitter handle without "@", or undefined. */
  xHandle?: string;
  /** Fediverse handle as "user@instance", or undefined. */
  fediverseHandle?: string;
  /** Share network ids in display order, each one in the registry. */
  shareNetworks: string[];
  share: ShareSettings;
  /** WebSub hubs pinged when a feed changes, and advertised in feeds. */
  websubHubs: string[];
  /** Square site icon (PNG/JPEG/GIF) for feeds, absolute URL. */
  iconUrl?: string;
  /** Host names the card renderer may fetch lead images from. */
  cardImageHosts: string[];
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

/** One of `options`, or the first when empty. */
function choice<const T extends string>(name: string, options: readonly T[], fallback: T) {
  return v.pipe(
    v.optional(v.string(), ""),
    v.trim(),
    v.transform((s) => (s === "" ? fallback : s.toLowerCase())),
    v.picklist(options, `${name} must be one of ${options.join(", ")}`),
  );
}

const isHttpUrl = (s: string) => /^https?:$/.test(URL.parse(s)?.protocol ?? "");

const SiteConfigSchema = v.object({
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
    v.optional(v.string(), ""),
    v.transform((s) => s.split(",").map((id) => id.trim().toLowerCase()).filter(Boolean)),
    v.check(
      (ids) => ids.every((id) => NETWORK_IDS.includes(id)),
      `SHARE_NETWORKS must be a comma-separated list of: ${NETWORK_IDS.join(", ")}`,
    ),
  ),
  SHARE_MODE: choice("SHARE_MODE", ["redirect", "direct"], "redirect"),
  SHARE_POSITION: choice("SHARE_POSITION", ["bottom", "top", "both", "none"], "bottom"),
  SHARE_THEME: choice("SHARE_THEME", ["brand", "mono"], "brand"),
  SHARE_LABELS: choice("SHARE_LABELS", ["icon", "label"], "icon"),
  SHARE_LAYOUT: choice("SHARE_LAYOUT", ["inline", "floating"], "inline"),
  SHARE_COUNT: choice("SHARE_COUNT", ["off", "on"], "off"),
  WEBSUB_HUBS: v.pipe(
    v.optional(v.string(), ""),
    v.transform((s) => s.split(/[\s,]+/).filter(Boolean)),
    v.check((urls) => urls.every(isHttpUrl), "WEBSUB_HUBS must be a comma-separated list of http(s) hub URLs"),
  ),
  CARD_IMAGE_HOSTS: v.pipe(
    v.optional(v.string(), ""),
    v.transform((s) => s.split(/[\s,]+/).map((host) => host.toLowerCase()).filter(Boolean)),
    v.check((hosts) => hosts.every((host) => /^[a-z0-9.-]+$/.test(host)), "CARD_IMAGE_HOSTS must be a comma-separated list of host names"),
  ),
  SITE_ICON_URL: v.pipe(
    optionalText,
    v.check(
      // RSS allows only these formats for a channel image.
      (s) => s === undefined || (isHttpUrl(s) && /\.(png|jpe?g|gif)$/i.test(URL.parse(s)?.pathname ?? "")),
      "SITE_ICON_URL must be an absolute http(s) URL of a PNG, JPEG or GIF image",
    ),
  ),
});

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
  const raw = {
    SITE_URL: env.SITE_URL,
    SITE_NAME: env.SITE_NAME,
    SITE_DESCRIPTION: env.SITE_DESCRIPTION,
    SITE_LANGUAGE: env.SITE_LANGUAGE,
    PUBLISHER_NAME: env.PUBLISHER_NAME,
    X_HANDLE: env.X_HANDLE,
    FEDIVERSE_HANDLE: env.FEDIVERSE_HANDLE,
    SHARE_NETWORKS: env.SHARE_NETWORKS,
    WEBSUB_HUBS: env.WEBSUB_HUBS,
    SITE_ICON_URL: env.SITE_ICON_URL,
    CARD_IMAGE_HOSTS: env.CARD_IMAGE_HOSTS,
    SHARE_MODE: env.SHARE_MODE,
    SHARE_POSITION: env.SHARE_POSITION,
    SHARE_THEME: env.SHARE_THEME,
    SHARE_LABELS: env.SHARE_LABELS,
    SHARE_LAYOUT: env.SHARE_LAYOUT,
    SHARE_COUNT: env.SHARE_COUNT,
  };
  const key = JSON.stringify(raw);
  if (cached?.key === key) {
    cached.env = env;
    return cached.config;
  }

  const result = v.safeParse(SiteConfigSchema, raw);
  if (!result.success) {
    throw new ConfigError(result.issues.map((issue) => issue.message));
  }
  const out = result.output;
  const config: SiteConfig = {
    url: out.SITE_URL,
    name: out.SITE_NAME,
    description: out.SITE_DESCRIPTION,
    language: out.SITE_LANGUAGE,
    publisherName: out.PUBLISHER_NAME ?? out.SITE_NAME,
    xHandle: out.X_HANDLE,
    fediverseHandle: out.FEDIVERSE_HANDLE,
    shareNetworks: out.SHARE_NETWORKS.length ? out.SHARE_NETWORKS : DEFAULT_NETWORKS,
    share: {
      mode: out.SHARE_MODE,
      position: out.SHARE_POSITION,
      theme: out.SHARE_THEME,
      labels: out.SHARE_LABELS,
      layout: out.SHARE_LAYOUT,
      showCount: out.SHARE_COUNT === "on",
    },
    websubHubs: out.WEBSUB_HUBS,
    iconUrl: out.SITE_ICON_URL,
    cardImageHosts: out.CARD_IMAGE_HOSTS,
  };
  cached = { env, key, config };
  return config;
}

/** Hono environment shared by every route. */
export type AppEnv = {
  Bindings: Bindings;
  Variables: { site: SiteConfig };
};
