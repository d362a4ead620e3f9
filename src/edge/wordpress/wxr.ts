import { SaxesParser, type SaxesTagNS } from "saxes";

// No project imports, and only npm packages: the import CLI loads this file in Node as it is.

/** One `<item>` of a WordPress export, as WordPress wrote it (text unescaped once, by XML). */
export interface WxrItem {
  title: string;
  /** The permalink. */
  link: string;
  /** The author's login (`dc:creator`). */
  creator: string;
  postId: string;
  /** The slug, percent-encoded by WordPress when it is not ASCII. */
  postName: string;
  status: string;
  postType: string;
  password: string;
  /** "2021-11-07 09:05:00" in the site's own time zone. */
  postDate: string;
  /** "2021-11-07 14:05:00" in UTC, or "0000-00-00 00:00:00" when WordPress never set it. */
  postDateGmt: string;
  postModifiedGmt: string;
  /** `content:encoded`: the post as stored, without the paragraphs WordPress adds on output. */
  content: string;
  /** `excerpt:encoded`. */
  excerpt: string;
  /** Attachments only: the uploaded file's URL. */
  attachmentUrl: string;
  categories: WxrCategory[];
  /** The post's custom fields (`wp:postmeta`), first value per key. */
  meta: Map<string, string>;
}

export interface WxrCategory {
  /** "category" or "post_tag" (custom taxonomies carry their own names). */
  domain: string;
  nicename: string;
  name: string;
}

export interface WxrAuthor {
  login: string;
  displayName: string;
}

/** The export's channel: who wrote it and for which site. */
export interface WxrSite {
  wxrVersion: string;
  /** The channel's `<link>`: the site's home URL. */
  link: string;
  baseSiteUrl: string;
  baseBlogUrl: string;
}

const RSS_NAMESPACE = "";
const DC_NAMESPACE = "http://purl.org/dc/elements/1.1/";
const CONTENT_NAMESPACE = "http://purl.org/rss/1.0/modules/content/";
/** WXR 1.0, 1.1 and 1.2 differ in the version in their namespace URIs only, for what is read here. */
const WP_NAMESPACE = /^http:\/\/wordpress\.org\/export\/1\.\d+\/$/;
const EXCERPT_NAMESPACE = /^http:\/\/wordpress\.org\/export\/1\.\d+\/excerpt\/$/;

type ItemTextField = Exclude<keyof WxrItem, "categories" | "meta">;

/** The item fields read from direct children of `<item>`, keyed by namespace kind and local name. */
const ITEM_FIELDS: Record<string, ItemTextField> = {
  "rss:title": "title",
  "rss:link": "link",
  "dc:creator": "creator",
  "content:encoded": "content",
  "excerpt:encoded": "excerpt",
  "wp:post_id": "postId",
  "wp:post_name": "postName",
  "wp:status": "status",
  "wp:post_type": "postType",
  "wp:post_password": "password",
  "wp:post_date": "postDate",
  "wp:post_date_gmt": "postDateGmt",
  "wp:post_modified_gmt": "postModifiedGmt",
  "wp:attachment_url": "attachmentUrl",
};

const SITE_FIELDS: Record<string, keyof WxrSite> = {
  "wp:wxr_version": "wxrVersion",
  "rss:link": "link",
  "wp:base_site_url": "baseSiteUrl",
  "wp:base_blog_url": "baseBlogUrl",
};

function namespaceKind(uri: string | undefined): string {
  if (uri === undefined || uri === RSS_NAMESPACE) return "rss";
  if (uri === DC_NAMESPACE) return "dc";
  if (uri === CONTENT_NAMESPACE) return "content";
  if (WP_NAMESPACE.test(uri)) return "wp";
  if (EXCERPT_NAMESPACE.test(uri)) return "excerpt";
  return uri;
}

function emptyItem(): WxrItem {
  return {
    title: "",
    link: "",
    creator: "",
    postId: "",
    postName: "",
    status: "",
    postType: "",
    password: "",
    postDate: "",
    postDateGmt: "",
    postModifiedGmt: "",
    content: "",
    excerpt: "",
    attachmentUrl: "",
    categories: [],
    meta: new Map(),
  };
}

/** Thrown when the document is well-formed XML but not a WordPress export. */
export class NotAWordPressExport extends Error {}

/**
 * A streaming reader for WordPress eXtended RSS: push the export in chunks of any size (bytes
 * are decoded as UTF-8 across chunk boundaries), take the finished items out of each push.
 * Only the item being read is held, so an export of any size reads in constant memory; the
 * channel's authors (a few per site) are kept for the whole run because items name them.
 * Malformed XML throws with saxes' line and column.
 */
export class WxrReader {
  readonly site: WxrSite = { wxrVersion: "", link: "", baseSiteUrl: "", baseBlogUrl: "" };
  /** Login → author, from the channel's `wp:author` entries (which come before the items). */
  readonly authors = new Map<string, WxrAuthor>();

  readonly #parser = new SaxesParser({ xmlns: true });
  readonly #decoder = new TextDecoder("utf-8");
  /** Qualified names ("wp:post_id") of the open elements, outermost first. */
  readonly #path: string[] = [];
  #text = "";
  #item: WxrItem | undefined;
  #author: WxrAuthor | undefined;
  #meta: { key: string; value: string } | undefined;
  #category: WxrCategory | undefined;
  #finished: WxrItem[] = [];
  #sawWordPressNamespace = false;

  constructor() {
    this.#parser.on("xmldecl", ({ encoding }) => {
      if (encoding && !/^utf-?8$/i.test(encoding)) throw new Error(`the export is encoded as ${encoding}; only UTF-8 is read`);
    });
    this.#parser.on("opentag", (tag) => this.#open(tag));
    this.#parser.on("closetag", () => this.#close());
    this.#parser.on("text", (text) => {
      this.#text += text;
    });
    this.#parser.on("cdata", (text) => {
      this.#text += text;
    });
  }

  /** Reads one more piece of the export; returns the items it completed. */
  push(chunk: Uint8Array | string): WxrItem[] {
    this.#parser.write(typeof chunk === "string" ? chunk : this.#decoder.decode(chunk, { stream: true }));
    return this.#take();
  }

  /** Ends the document (an unclosed element throws); returns any items still pending. */
  end(): WxrItem[] {
    const rest = this.#decoder.decode();
    if (rest) this.#parser.write(rest);
    this.#parser.close();
    if (!this.#sawWordPressNamespace) throw new NotAWordPressExport("not a WordPress export: no WordPress (WXR) element found");
    return this.#take();
  }

  #take(): WxrItem[] {
    const items = this.#finished;
    this.#finished = [];
    return items;
  }

  #open(tag: SaxesTagNS): void {
    const kind = namespaceKind(tag.uri);
    const name = `${kind}:${tag.local}`;
    if (this.#path.length === 0 && name !== "rss:rss")
      throw new NotAWordPressExport(`not a WordPress export: the root element is <${tag.name}>`);
    if (kind === "wp") this.#sawWordPressNamespace = true;
    this.#path.push(name);
    this.#text = "";
    const parent = this.#path.at(-2);
    if (name === "rss:item" && parent === "rss:channel") this.#item = emptyItem();
    else if (name === "wp:author" && parent === "rss:channel") this.#author = { login: "", displayName: "" };
    else if (name === "wp:postmeta" && parent === "rss:item") this.#meta = { key: "", value: "" };
    else if (name === "rss:category" && parent === "rss:item") {
      const attribute = (local: string) => tag.attributes[local]?.value ?? "";
      this.#category = { domain: attribute("domain"), nicename: attribute("nicename"), name: "" };
    }
  }

  #close(): void {
    const name = this.#path.pop() ?? "";
    const parent = this.#path.at(-1);
    const text = this.#text;
    this.#text = "";
    if (parent === "rss:item" && this.#item) this.#closeInItem(name, text, this.#item);
    else if (parent === "wp:postmeta" && this.#meta) {
      if (name === "wp:meta_key") this.#meta.key = text;
      if (name === "wp:meta_value") this.#meta.value = text;
    } else if (parent === "wp:author" && this.#author) {
      if (name === "wp:author_login") this.#author.login = text;
      if (name === "wp:author_display_name") this.#author.displayName = text;
    } else if (parent === "rss:channel") this.#closeInChannel(name, text);
  }

  #closeInItem(name: string, text: string, item: WxrItem): void {
    const field = ITEM_FIELDS[name];
    if (field) item[field] = text;
    else if (name === "rss:category" && this.#category) {
      item.categories.push({ ...this.#category, name: text });
      this.#category = undefined;
    } else if (name === "wp:postmeta" && this.#meta) {
      if (!item.meta.has(this.#meta.key)) item.meta.set(this.#meta.key, this.#meta.value);
      this.#meta = undefined;
    }
  }

  #closeInChannel(name: string, text: string): void {
    if (name === "rss:item" && this.#item) {
      this.#finished.push(this.#item);
      this.#item = undefined;
    } else if (name === "wp:author" && this.#author) {
      if (this.#author.login) this.authors.set(this.#author.login, this.#author);
      this.#author = undefined;
    } else {
      const field = SITE_FIELDS[name];
      if (field) this.site[field] = text.trim();
    }
  }
}
