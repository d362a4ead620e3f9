import type { AppEnv } from "../../articles/context";
import type { DeskSession } from "./auth/session";

/** Who is signed in to the desk, and the CSRF token every form of theirs carries. */
export interface DeskUser {
  /** The Access identity's email, or "admin" for the token sign-in. */
  name: string;
  via: "access" | "token";
  /** Goes into every form as `csrf` (see CsrfField); every POST must carry it. */
  csrfToken: string;
}

/** The Hono environment of every desk route: the app's, plus the signed-in user. */
export type DeskEnv = {
  Bindings: AppEnv["Bindings"];
  Variables: AppEnv["Variables"] & {
    deskUser: DeskUser;
    /** The token sign-in's session (not set behind Access), for signing out. */
    deskSession?: DeskSession;
  };
};
