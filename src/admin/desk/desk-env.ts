import type { AppEnv } from "../../articles/context";

/** Who is signed in to the desk, and the CSRF token every form of theirs carries. */
export interface DeskUser {
  /** The Access identity's email, or "admin" for the token sign-in. */
  name: string;
  via: "access" | "token";
  /** Goes into every form as `csrf` (see CsrfField); every POST must carry it. */
  csrfToken: string;
}

/** A token sign-in's session: its id (the cookie carries it, signed; D1 keeps its hash) and its end. */
export interface DeskSession {
  id: string;
  expiresAt: Date;
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
