import { SELF } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect } from "vitest";
import { type AppDeps, createApp } from "../../../src/app/create-app";
import { appFetch, TOKEN } from "../../helpers";

/** How a DeskClient reaches Herald: the Worker's entry point unless a test builds its own app. */
type Send = (request: Request) => Promise<Response>;

/** An app with its own dependencies (a clock, Access's keys) and bindings, for a DeskClient. */
export function appSender(deps: AppDeps = {}, bindings: Cloudflare.Env = env): Send {
  const app = createApp(deps);
  return (request) => appFetch(request, { app, bindings });
}

/** The desk as a browser sees it: the cookies it was given, sent back on every request. */
export class DeskClient {
  private readonly cookies = new Map<string, string>();
  private readonly base: string;
  private readonly send: Send;

  constructor(options: { base?: string; send?: Send } = {}) {
    this.base = options.base ?? "https://news.example";
    this.send = options.send ?? ((request) => SELF.fetch(request));
  }

  /** Keeps the answer's cookies (a deleted one goes) the way a browser would. */
  private keep(response: Response): void {
    for (const header of response.headers.getSetCookie()) {
      const [pair = ""] = header.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      if (/max-age=0/i.test(header) || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  setCookie(name: string, value: string): void {
    this.cookies.set(name, value);
  }

  async get(path: string, headers: Record<string, string> = {}): Promise<Response> {
    const response = await this.send(
      new Request(`${this.base}${path}`, { headers: { Cookie: this.cookieHeader(), ...headers }, redirect: "manual" }),
    );
    this.keep(response);
    return response;
  }

  async post(path: string, fields: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
    const response = await this.send(
      new Request(`${this.base}${path}`, {
        method: "POST",
        headers: { Cookie: this.cookieHeader(), "Content-Type": "application/x-www-form-urlencoded", ...headers },
        body: new URLSearchParams(fields).toString(),
        redirect: "manual",
      }),
    );
    this.keep(response);
    return response;
  }

  /** Signs in through the form, as a person would; fails the test unless the desk lets them in. */
  async signIn(token = TOKEN): Promise<this> {
    const form = await this.get("/desk/sign-in");
    const csrf = csrfOf(await form.text());
    const answer = await this.post("/desk/sign-in", { csrf, token });
    expect(answer.status, "signing in with the admin token").toBe(303);
    expect(answer.headers.get("Location")).toBe("/desk/");
    return this;
  }

  /** The CSRF token of the signed-in user, as the desk's pages carry it in every form. */
  async csrf(): Promise<string> {
    return csrfOf(await (await this.get("/desk/")).text());
  }
}

/** The value of the first `csrf` field in a page. */
export function csrfOf(html: string): string {
  const match = /name="csrf" value="([^"]+)"/.exec(html);
  if (!match?.[1]) throw new Error("no CSRF field on the page");
  return match[1];
}
