import { createMiddleware } from "hono/factory";
import type { Context } from "hono";
import type { AppEnv, SessionUser } from "../env";
import { checkSameOrigin } from "../security/same-origin";
import { readSession } from "../security/session";
import { clearSessionCookie, readSessionCookie } from "../security/session-cookie";
import { liveSession, touchSession, TOUCH_INTERVAL_MS } from "../store/sessions";
import { errorResponse } from "./errors";
import { platformSecret } from "./platform-secret";
import { bearerToken } from "./route";

export type Authentication =
  { ok: true; user: SessionUser; sessionId: string } | { ok: false; status: 401 | 403; code: string; message: string };

/**
 * Who sent the request: a live session from `Authorization: Bearer <session token>` (API
 * clients) or the HttpOnly session cookie (the builder UI). A request that sends an Authorization
 * header is judged by it alone. Cookie-authenticated requests must come from the builder's own
 * origin (see security/same-origin.ts); Bearer requests cannot be forged by another page, so they
 * need no such check. A dead cookie is cleared.
 */
export async function authenticate(c: Context<AppEnv>): Promise<Authentication> {
  const credential = sessionCredential(c);
  if (!credential)
    return {
      ok: false,
      status: 401,
      code: "unauthorized",
      message:
        "Log in first: send Authorization: Bearer <token> from /api/auth/login (the builder UI uses its session cookie).",
    };
  if (credential.viaCookie) {
    const verdict = checkSameOrigin(originCheck(c), true);
    if (!verdict.ok) return { ok: false, status: 403, code: "cross_origin", message: verdict.message };
  }
  const claims = await readSession(credential.token, platformSecret(c.env));
  const now = Date.now();
  const live = claims && (await liveSession(c.env.DB, claims.sessionId, now));
  if (!claims || !live || live.session.user_id !== claims.id) {
    if (credential.viaCookie) clearSessionCookie(c);
    const message = !claims
      ? "Your session is invalid or has expired. Log in again."
      : "Your session has ended: you logged out, it was ended from another device, or the account no longer exists. Log in again.";
    return { ok: false, status: 401, code: "unauthorized", message };
  }
  if (now - live.session.last_used_at > TOUCH_INTERVAL_MS) await touchSession(c.env.DB, live.session.id, now);
  return { ok: true, user: { id: claims.id, email: live.email }, sessionId: live.session.id };
}

/** Lets a request through only with a live session (see authenticate). */
export const requireUser = createMiddleware<AppEnv>(async (c, next) => {
  // A route may name it while a path-wide `use` already ran it for the same request: once is enough.
  if (c.get("user")) return next();
  const auth = await authenticate(c);
  if (!auth.ok) return errorResponse(c, auth.status, auth.code, auth.message);
  c.set("user", auth.user);
  c.set("sessionId", auth.sessionId);
  await next();
});

/** The session token a request carries, and whether it came in the cookie. */
function sessionCredential(c: Context): { token: string; viaCookie: boolean } | null {
  const header = c.req.header("authorization");
  if (header !== undefined) {
    const token = bearerToken(header);
    return token ? { token, viaCookie: false } : null;
  }
  const cookie = readSessionCookie(c);
  return cookie ? { token: cookie, viaCookie: true } : null;
}

export function originCheck(c: Context) {
  return {
    method: c.req.method,
    url: c.req.url,
    origin: c.req.header("origin"),
    secFetchSite: c.req.header("sec-fetch-site"),
  };
}
