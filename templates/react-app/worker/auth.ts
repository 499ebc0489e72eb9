import { Hono, type Context } from "hono";
import { createMiddleware } from "hono/factory";
import { sign, verify } from "hono/jwt";
import type { AppEnv, AuthUser } from "./env";
import { ApiError, conflict, unauthorized } from "./errors";
import { hashPassword, verifyPassword } from "./password";
import { readJson, Validator } from "./validate";

const TOKEN_LIFETIME_SECONDS = 7 * 24 * 60 * 60; // a week

interface UserRow {
  id: string;
  email: string;
  password_hash: string;
  salt: string;
  created_at: string;
}

/** The public view of a user: never the hash or salt. */
const publicUser = (row: Pick<UserRow, "id" | "email" | "created_at">) => ({ id: row.id, email: row.email, created_at: row.created_at });

async function issueToken(user: AuthUser, secret: string): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return sign({ sub: user.id, email: user.email, iat: now, exp: now + TOKEN_LIFETIME_SECONDS }, secret, "HS256");
}

function secretOf(env: AppEnv["Bindings"]): string {
  if (!env.JWT_SECRET) throw new ApiError(500, "server_misconfigured", "JWT_SECRET is not set for this app.");
  return env.JWT_SECRET;
}

/** Reads `email` and `password` from the body, or answers 400. New passwords need 8+ characters. */
async function readCredentials(c: Context, { isNewPassword }: { isNewPassword: boolean }) {
  const v = new Validator(await readJson(c));
  const email = v.email();
  const password = v.string("password", { max: 256 });
  if (isNewPassword && password && password.length < 8) v.errors.password = "Password must be at least 8 characters.";
  v.done();
  return { email, password };
}

/**
 * Requires `Authorization: Bearer <token>`; puts the user on `c.var.user`.
 * Use it on every route that reads or writes a user's data.
 */
export const requireAuth = createMiddleware<AppEnv>(async (c, next) => {
  const header = c.req.header("Authorization") ?? "";
  const token = header.startsWith("Bearer ") ? header.slice(7).trim() : "";
  if (!token) throw unauthorized();
  let userId: string;
  try {
    const payload = await verify(token, secretOf(c.env), "HS256");
    if (typeof payload.sub !== "string") throw new Error("no subject");
    userId = payload.sub;
  } catch (err) {
    if (err instanceof ApiError) throw err;
    throw unauthorized("Your session has expired. Please sign in again.");
  }
  // The user may have been deleted since the token was issued.
  const user = await c.env.DB.prepare("SELECT id, email FROM users WHERE id = ?").bind(userId).first<AuthUser>();
  if (!user) throw unauthorized("Your session has expired. Please sign in again.");
  c.set("user", user);
  await next();
});

export const auth = new Hono<AppEnv>();

auth.post("/register", async (c) => {
  const { email, password } = await readCredentials(c, { isNewPassword: true });
  const existing = await c.env.DB.prepare("SELECT id FROM users WHERE email = ?").bind(email).first();
  if (existing) throw conflict("email_taken", "An account with this email already exists. Sign in instead.");

  const id = crypto.randomUUID();
  const { hash, salt } = await hashPassword(password);
  const row = await c.env.DB.prepare("INSERT INTO users (id, email, password_hash, salt) VALUES (?, ?, ?, ?) RETURNING id, email, created_at")
    .bind(id, email, hash, salt)
    .first<UserRow>();
  const user = publicUser(row!);
  return c.json({ token: await issueToken(user, secretOf(c.env)), user }, 201);
});

auth.post("/login", async (c) => {
  const { email, password } = await readCredentials(c, { isNewPassword: false });
  const row = await c.env.DB.prepare("SELECT * FROM users WHERE email = ?").bind(email).first<UserRow>();
  // Same answer, after about the same time, whether the email is unknown or the password is wrong.
  const invalid = new ApiError(401, "invalid_credentials", "Email or password is incorrect.");
  if (!row) {
    await hashPassword(password);
    throw invalid;
  }
  if (!(await verifyPassword(password, row.password_hash, row.salt))) throw invalid;
  const user = publicUser(row);
  return c.json({ token: await issueToken(user, secretOf(c.env)), user });
});

auth.get("/me", requireAuth, async (c) => {
  const row = await c.env.DB.prepare("SELECT id, email, created_at FROM users WHERE id = ?").bind(c.var.user.id).first<UserRow>();
  if (!row) throw unauthorized();
  return c.json(publicUser(row));
});
