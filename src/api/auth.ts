import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { numberSetting, type AppEnv, type SessionUser } from "../env";
import { clientAddress } from "../security/client-address";
import { knownDevice, rememberDevice } from "../security/known-device";
import { forgiveLoginFailures, loginAllowed, recordLoginFailure, type LoginAttempt } from "./login-throttle";
import { burnPasswordCheck, hashPassword, verifyPassword } from "../security/password";
import { waitInWords } from "./rate-limit";
import { checkSameOrigin } from "../security/same-origin";
import { issueSession } from "../security/session";
import { clearSessionCookie, setSessionCookie } from "../security/session-cookie";
import { createSession, endAllSessions, endSession, listSessions, type SessionRow } from "../store/sessions";
import { findUserByEmail, insertUser } from "../store/users";
import { ApiError, errorResponse, notFound } from "./errors";
import { platformSecret } from "./platform-secret";
import { authenticate, originCheck, requireUser } from "./require-user";
import {
  CredentialsSchema,
  ErrorSchema,
  SessionInfoSchema,
  SessionSchema,
  UserSchema,
  errorResponses,
  json,
} from "./schemas";
import { routes } from "./route";

const refused = {
  403: { description: "A browser request from another origin", ...json(ErrorSchema) },
};
const signedIn = {
  security: [{ bearer: [] }, { cookie: [] }] as Record<string, string[]>[],
  middleware: [requireUser],
};

/** Log-in and sign-up from another origin's page are refused (log-in CSRF); API clients send no Origin. */
const fromOwnOrigin = createMiddleware<AppEnv>(async (c, next) => {
  const verdict = checkSameOrigin(originCheck(c), false);
  if (!verdict.ok) return errorResponse(c, 403, "cross_origin", verdict.message);
  await next();
});

const register = createRoute({
  method: "post",
  path: "/api/auth/register",
  tags: ["auth"],
  summary: "Create a platform account",
  description: "Also sets the HttpOnly session cookie; API clients use the returned token as a Bearer token.",
  middleware: [fromOwnOrigin],
  request: { body: { ...json(CredentialsSchema), required: true } },
  responses: {
    201: { description: "Account created; you are logged in", ...json(SessionSchema) },
    ...refused,
    ...errorResponses(400, 409, 413),
  },
});

const login = createRoute({
  method: "post",
  path: "/api/auth/login",
  tags: ["auth"],
  summary: "Log in",
  description:
    "Also sets the HttpOnly session cookie. Repeated failures are slowed with 429 and Retry-After (see README: sessions and log-in).",
  middleware: [fromOwnOrigin],
  request: { body: { ...json(CredentialsSchema), required: true } },
  responses: {
    200: { description: "Logged in", ...json(SessionSchema) },
    ...refused,
    429: { description: "Too many failed log-ins; wait for Retry-After seconds", ...json(ErrorSchema) },
    ...errorResponses(400, 401, 413),
  },
});

const me = createRoute({
  ...signedIn,
  method: "get",
  path: "/api/me",
  tags: ["auth"],
  summary: "The logged-in user",
  responses: { 200: { description: "The current user", ...json(UserSchema) }, ...refused, ...errorResponses(401) },
});

const current = createRoute({
  method: "get",
  path: "/api/auth/session",
  tags: ["auth"],
  summary: "Who is logged in, if anyone",
  description:
    "Like /api/me, but answers `{user: null}` rather than 401 when there is no live session, so a page can ask without an error.",
  security: [{ bearer: [] }, { cookie: [] }],
  responses: {
    200: { description: "The user, or null", ...json(z.object({ user: UserSchema.nullable() })) },
    ...refused,
  },
});

const logout = createRoute({
  ...signedIn,
  method: "post",
  path: "/api/auth/logout",
  tags: ["auth"],
  summary: "End this session (its token and cookie stop working) and clear the cookie",
  responses: { 204: { description: "Logged out" }, ...refused, ...errorResponses(401) },
});

const logoutAll = createRoute({
  ...signedIn,
  method: "post",
  path: "/api/auth/logout-all",
  tags: ["auth"],
  summary: "End every session of this account, this one included",
  responses: {
    200: { description: "How many sessions were ended", ...json(z.object({ ended: z.number().int() })) },
    ...refused,
    ...errorResponses(401),
  },
});

const sessions = createRoute({
  ...signedIn,
  method: "get",
  path: "/api/auth/sessions",
  tags: ["auth"],
  summary: "This account's live sessions, most recently used first",
  responses: {
    200: { description: "The sessions", ...json(z.object({ sessions: z.array(SessionInfoSchema) })) },
    ...refused,
    ...errorResponses(401),
  },
});

const endOne = createRoute({
  ...signedIn,
  method: "delete",
  path: "/api/auth/sessions/{id}",
  tags: ["auth"],
  summary: "End one of this account's sessions",
  request: {
    params: z.object({
      id: z
        .string()
        .max(64)
        .openapi({ param: { name: "id", in: "path" } }),
    }),
  },
  responses: { 204: { description: "Ended" }, ...refused, ...errorResponses(401, 404) },
});

const INVALID_LOGIN = "Email or password is incorrect.";

export const authRoutes = routes()
  .openapi(register, async (c) => {
    const { email, password } = c.req.valid("json");
    const secret = platformSecret(c.env);
    const user = await insertUser(c.env.DB, email.toLowerCase(), await hashPassword(password));
    if (!user)
      throw new ApiError(
        409,
        "email_taken",
        "An account with this email already exists. Log in instead, or use another email.",
      );
    await rememberDevice(c, secret, user.id);
    return c.json(await startSession(c, sessionUser(user), secret), 201);
  })
  .openapi(login, async (c) => {
    const { email, password } = c.req.valid("json");
    const secret = platformSecret(c.env);
    const user = await findUserByEmail(c.env.DB, email);
    const device = user ? await knownDevice(c, secret, user.id) : null;
    const attempt: LoginAttempt = { email: email.toLowerCase(), address: clientAddress(c.req.raw, c.env), device };
    const allowed = await loginAllowed(c.env.DB, attempt);
    if (!allowed.ok) {
      const from = allowed.bucket.startsWith("login:addr:") ? "from your address" : "for this account";
      throw new ApiError(
        429,
        "too_many_attempts",
        `Too many failed log-ins ${from}. Try again in ${waitInWords(allowed.retryAfterSeconds)}.`,
        { retryAfter: allowed.retryAfterSeconds },
      );
    }
    if (!user) {
      await burnPasswordCheck(password);
      await recordLoginFailure(c.env.DB, attempt);
      throw new ApiError(401, "invalid_credentials", INVALID_LOGIN);
    }
    if (!(await verifyPassword(password, { hash: user.password_hash, salt: user.salt }))) {
      await recordLoginFailure(c.env.DB, attempt);
      throw new ApiError(401, "invalid_credentials", INVALID_LOGIN);
    }
    await forgiveLoginFailures(c.env.DB, attempt);
    await rememberDevice(c, secret, user.id, device ?? undefined);
    return c.json(await startSession(c, sessionUser(user), secret), 200);
  })
  // requireUser read the live session joined to its account: a deleted account never gets here.
  .openapi(me, (c) => c.json(sessionUser(c.var.user), 200))
  .openapi(current, async (c) => {
    const auth = await authenticate(c);
    if (!auth.ok && auth.status === 403) return errorResponse(c, 403, auth.code, auth.message);
    return c.json({ user: auth.ok ? sessionUser(auth.user) : null }, 200);
  })
  .openapi(logout, async (c) => {
    await endSession(c.env.DB, c.var.user.id, c.var.sessionId);
    clearSessionCookie(c);
    return c.body(null, 204);
  })
  .openapi(logoutAll, async (c) => {
    const ended = await endAllSessions(c.env.DB, c.var.user.id);
    clearSessionCookie(c);
    return c.json({ ended }, 200);
  })
  .openapi(sessions, async (c) => {
    const rows = await listSessions(c.env.DB, c.var.user.id);
    return c.json({ sessions: rows.map((row) => toSessionInfo(row, c.var.sessionId)) }, 200);
  })
  .openapi(endOne, async (c) => {
    const { id } = c.req.valid("param");
    if (!(await endSession(c.env.DB, c.var.user.id, id))) throw notFound("This session");
    if (id === c.var.sessionId) clearSessionCookie(c);
    return c.body(null, 204);
  });

/** A new session row, its token, and the cookie that carries it. */
async function startSession(c: Context<AppEnv>, user: SessionUser, secret: string) {
  const hours = numberSetting(c.env.SESSION_TTL_HOURS, 168);
  const row = await createSession(c.env.DB, user.id, hours * 3600_000, c.req.header("user-agent") ?? null);
  const token = await issueSession(user, row.id, secret, hours, row.created_at);
  setSessionCookie(c, token, hours * 3600);
  return { token, user };
}

function sessionUser(user: { id: string; email: string }): SessionUser {
  return { id: user.id, email: user.email };
}

function toSessionInfo(row: SessionRow, currentId: string) {
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    id: row.id,
    current: row.id === currentId,
    createdAt: iso(row.created_at),
    lastUsedAt: iso(row.last_used_at),
    expiresAt: iso(row.expires_at),
    userAgent: row.user_agent,
  };
}
