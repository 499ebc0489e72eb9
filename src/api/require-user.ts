import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../env";
import { readSession } from "../security/session";
import { errorResponse } from "./errors";
import { platformSecret } from "./platform-secret";

/** Lets a request through only with a valid `Authorization: Bearer <session token>`. */
export const requireUser = createMiddleware<AppEnv>(async (c, next) => {
  const header = c.req.header("authorization") ?? "";
  const token = header.match(/^Bearer\s+(.+)$/i)?.[1]?.trim();
  if (!token) return errorResponse(c, 401, "unauthorized", "Log in first: send Authorization: Bearer <token> from /api/auth/login.");
  const user = await readSession(token, platformSecret(c.env));
  if (!user) return errorResponse(c, 401, "unauthorized", "Your session is invalid or has expired. Log in again.");
  c.set("user", user);
  await next();
});
