import { OpenAPIHono, createRoute } from "@hono/zod-openapi";
import { numberSetting, type AppEnv, type SessionUser } from "../env";
import { burnPasswordCheck, hashPassword, verifyPassword } from "../security/password";
import { issueSession } from "../security/session";
import { findUserByEmail, findUserById, insertUser } from "../store/users";
import { ApiError } from "./errors";
import { platformSecret } from "./platform-secret";
import { requireUser } from "./require-user";
import { CredentialsSchema, SessionSchema, UserSchema, errorResponses } from "./schemas";
import { validationHook } from "./validation";

const json = <T>(schema: T) => ({ content: { "application/json": { schema } } });

const register = createRoute({
  method: "post",
  path: "/api/auth/register",
  tags: ["auth"],
  summary: "Create a platform account",
  request: { body: { ...json(CredentialsSchema), required: true } },
  responses: { 201: { description: "Account created; you are logged in", ...json(SessionSchema) }, ...errorResponses(400, 409, 413) },
});

const login = createRoute({
  method: "post",
  path: "/api/auth/login",
  tags: ["auth"],
  summary: "Log in",
  request: { body: { ...json(CredentialsSchema), required: true } },
  responses: { 200: { description: "Logged in", ...json(SessionSchema) }, ...errorResponses(400, 401, 413) },
});

const me = createRoute({
  method: "get",
  path: "/api/me",
  tags: ["auth"],
  summary: "The logged-in user",
  security: [{ bearer: [] }],
  middleware: [requireUser],
  responses: { 200: { description: "The current user", ...json(UserSchema) }, ...errorResponses(401) },
});

const INVALID_LOGIN = "Email or password is incorrect.";

export const authRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(register, async (c) => {
    const { email, password } = c.req.valid("json");
    const secret = platformSecret(c.env);
    const user = await insertUser(c.env.DB, email.toLowerCase(), await hashPassword(password));
    if (!user) throw new ApiError(409, "email_taken", "An account with this email already exists. Log in instead, or use another email.");
    const session = sessionUser(user);
    return c.json({ token: await issueSession(session, secret, ttl(c.env)), user: session }, 201);
  })
  .openapi(login, async (c) => {
    const { email, password } = c.req.valid("json");
    const secret = platformSecret(c.env);
    const user = await findUserByEmail(c.env.DB, email);
    if (!user) {
      await burnPasswordCheck(password);
      throw new ApiError(401, "invalid_credentials", INVALID_LOGIN);
    }
    if (!(await verifyPassword(password, { hash: user.password_hash, salt: user.salt }))) {
      throw new ApiError(401, "invalid_credentials", INVALID_LOGIN);
    }
    const session = sessionUser(user);
    return c.json({ token: await issueSession(session, secret, ttl(c.env)), user: session }, 200);
  })
  .openapi(me, async (c) => {
    // The token may outlive the account; a deleted user must not keep working.
    const user = await findUserById(c.env.DB, c.var.user.id);
    if (!user) throw new ApiError(401, "unauthorized", "This account no longer exists. Sign up again.");
    return c.json(sessionUser(user), 200);
  });

function sessionUser(user: { id: string; email: string }): SessionUser {
  return { id: user.id, email: user.email };
}

function ttl(env: AppEnv["Bindings"]): number {
  return numberSetting(env.SESSION_TTL_HOURS, 168);
}
