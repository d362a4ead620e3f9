import { raw } from "hono/html";
import type { Child } from "hono/jsx";
import type { SiteConfig } from "../../site/config";
import { DESK_ROUTES } from "../../site/urls";
import { CSRF_FIELD } from "./auth/csrf";
import type { DeskUser } from "./desk-env";
import { DESK_CSS } from "./desk-styles";

/** The desk's sections, in the order of its navigation. */
const NAV = [
  { href: DESK_ROUTES.home, label: "Articles" },
  { href: DESK_ROUTES.shares, label: "Shares" },
  { href: DESK_ROUTES.health, label: "Publishing health" },
] as const;

export type DeskSection = (typeof NAV)[number]["href"];

/** The hidden field that carries the signed-in user's CSRF token: every desk form needs one. */
export function CsrfField({ user }: { user: Pick<DeskUser, "csrfToken"> }) {
  return <input type="hidden" name={CSRF_FIELD} value={user.csrfToken} />;
}

export interface DeskLayoutProps {
  site: SiteConfig;
  title: string;
  /** Undefined on the sign-in page. */
  user?: DeskUser;
  /** The navigation entry this page belongs to (marked aria-current). */
  section?: DeskSection;
  children: Child;
}

/** The document around every desk page: one inline stylesheet, no script, never indexed. */
export function DeskLayout({ site, title, user, section, children }: DeskLayoutProps) {
  return (
    <>
      {raw("<!DOCTYPE html>")}
      <html lang="en" dir="ltr">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="robots" content="noindex, nofollow" />
          <title>{`${title} – ${site.name} desk`}</title>
          <link rel="icon" href="data:," />
          <style dangerouslySetInnerHTML={{ __html: DESK_CSS }} />
        </head>
        <body>
          <a class="skip" href="#content">
            Skip to content
          </a>
          <header class="desk">
            <div>
              <span class="brand">{site.name} desk</span>
              {user ? (
                <>
                  <nav aria-label="Desk">
                    <ul>
                      {NAV.map((entry) => (
                        <li>
                          <a href={entry.href} aria-current={entry.href === section ? "page" : undefined}>
                            {entry.label}
                          </a>
                        </li>
                      ))}
                    </ul>
                  </nav>
                  <span class="muted">{user.via === "access" ? user.name : "Signed in with the admin token"}</span>
                  <form method="post" action={DESK_ROUTES.signOut}>
                    <CsrfField user={user} />
                    <button type="submit" class="secondary">
                      Sign out
                    </button>
                  </form>
                </>
              ) : null}
            </div>
          </header>
          <main id="content">{children}</main>
        </body>
      </html>
    </>
  );
}
