import type { Child } from "hono/jsx";
import { raw } from "hono/html";
import type { SiteConfig } from "../env";
import { SITE_CSS } from "./styles";

export interface LayoutProps {
  site: SiteConfig;
  title: string;
  description?: string;
  /** Absolute canonical URL of this page. */
  canonicalUrl?: string;
  children: Child;
}

/** The HTML document around every page: one inline stylesheet, no scripts, no third parties. */
export function Layout({ site, title, description, canonicalUrl, children }: LayoutProps) {
  return (
    <>
      {raw("<!DOCTYPE html>")}
      <html lang={site.language}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{title}</title>
          {description ? <meta name="description" content={description} /> : null}
          {canonicalUrl ? <link rel="canonical" href={canonicalUrl} /> : null}
          <style dangerouslySetInnerHTML={{ __html: SITE_CSS }} />
        </head>
        <body>
          <a class="skip" href="#content">
            Skip to content
          </a>
          <header class="site">
            <div>
              <a class="brand" href={`${site.url}/`}>
                {site.name}
              </a>
            </div>
          </header>
          <main id="content">{children}</main>
          <footer class="site">
            <div>
              <p>
                © {site.publisherName}. {site.description}
              </p>
            </div>
          </footer>
        </body>
      </html>
    </>
  );
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** "November 7, 2021" in the site's language; dates are shown in UTC, as stored. */
export function formatDate(iso: string, language: string): string {
  let format = dateFormats.get(language);
  if (!format) {
    format = new Intl.DateTimeFormat(language, { dateStyle: "long", timeZone: "UTC" });
    dateFormats.set(language, format);
  }
  return format.format(new Date(iso));
}

/** "Jane Roe", "Jane Roe and John Doe", "A, B and C" in English; other languages use Intl. */
export function joinNames(names: string[], language: string): string {
  return new Intl.ListFormat(language, { style: "long", type: "conjunction" }).format(names);
}
