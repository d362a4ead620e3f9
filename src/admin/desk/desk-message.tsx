import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { DESK_ROUTES } from "../../site/urls";
import type { DeskEnv } from "./desk-env";
import { DeskLayout } from "./desk-layout";

/** A desk page that only says what happened and where to go next (a refusal, a finished action). */
export function deskMessage(
  c: Context<DeskEnv>,
  status: ContentfulStatusCode,
  message: { title: string; text: string; next?: { href: string; label: string } },
) {
  const next = message.next ?? { href: DESK_ROUTES.home, label: "Back to the desk" };
  return c.html(
    <DeskLayout site={c.var.site} title={message.title} user={c.get("deskUser")}>
      <h1>{message.title}</h1>
      <p>{message.text}</p>
      <p>
        <a href={next.href}>{next.label}</a>
      </p>
    </DeskLayout>,
    status,
  );
}
