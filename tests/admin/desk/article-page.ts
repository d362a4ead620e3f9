import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { type Element, isTag } from "domhandler";
import { findAll, findOne, getAttributeValue, textContent } from "domutils";
import { parseDocument } from "htmlparser2";
import { createApp } from "../../../src/app/create-app";
import type { DeskClient } from "./desk-client";

/** A desk page parsed as a browser would (htmlparser2), with the lookups the article page's tests need. */
export class DeskPage {
  readonly root: Element[];

  constructor(html: string) {
    this.root = parseDocument(html).children.filter(isTag);
  }

  /** Elements whose class list holds every one of `classes`. */
  all(within: Element[] | Element, ...classes: string[]): Element[] {
    const nodes = Array.isArray(within) ? within : [within];
    return findAll((el) => {
      const list = (el.attribs.class ?? "").split(/\s+/);
      return classes.every((name) => list.includes(name));
    }, nodes);
  }

  /** The text of the one element with these classes inside `within`, whitespace collapsed; undefined when absent. */
  text(within: Element, ...classes: string[]): string | undefined {
    const found = this.all(within, ...classes)[0];
    return found ? textContent(found).replace(/\s+/g, " ").trim() : undefined;
  }

  /** One platform's preview. */
  preview(platform: string): Element {
    const found = findOne((el) => el.attribs["data-platform"] === platform, this.root);
    if (!found) throw new Error(`no ${platform} preview on the page`);
    return found;
  }

  /** The preview's image, if it shows one. */
  image(platform: string): { class: string; src: string; alt: string } | undefined {
    const img = findOne((el) => el.name === "img", [this.preview(platform)]);
    return img ? { class: img.attribs.class ?? "", src: img.attribs.src ?? "", alt: img.attribs.alt ?? "" } : undefined;
  }

  /** The label/data pairs a preview shows (Slack's fields). */
  labels(platform: string): [string, string][] {
    return findAll((el) => el.name === "dt", [this.preview(platform)]).map((dt) => {
      const dd = findOne((el) => el.name === "dd", (dt.parent as Element).children.filter(isTag));
      return [textContent(dt).trim(), dd ? textContent(dd).trim() : ""];
    });
  }

  /** The lint's findings as [id, severity text]. */
  findings(): [string, string][] {
    return findAll((el) => el.attribs["data-finding"] !== undefined, this.root).map((li) => [
      li.attribs["data-finding"] ?? "",
      this.text(li, "severity") ?? "",
    ]);
  }

  heading(level: number): string[] {
    return findAll((el) => el.name === `h${level}`, this.root).map((el) => textContent(el).trim());
  }

  attribute(el: Element, name: string): string | undefined {
    return getAttributeValue(el, name);
  }
}

/**
 * A signed-in desk request through an app built with `fetcher` for the desk (lead images
 * answered from a recording) and `bindings` (CARD_IMAGE_HOSTS set): the session is the
 * client's, kept in the same D1.
 */
export async function deskFetchWith(
  desk: DeskClient,
  path: string,
  { fetcher, bindings = env }: { fetcher: typeof fetch; bindings?: Cloudflare.Env },
): Promise<Response> {
  const ctx = createExecutionContext();
  const res = await createApp({ desk: { fetcher } }).fetch(
    new Request(`https://news.example${path}`, { headers: { Cookie: desk.cookieHeader() } }),
    bindings,
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return res;
}
