import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../env";
import { userForToken } from "../store/tokens";
import { ApiError } from "./errors";
import { bearerToken } from "./route";

/** The deploy API's auth: `Authorization: <token>` (as its first clients sent it) or `Authorization: Bearer <token>`. */
export const requireApiToken = createMiddleware<AppEnv>(async (c, next) => {
  const header = c.req.header("authorization") ?? "";
  const token = bearerToken(header) ?? header.trim();
  if (!token)
    throw new ApiError(
      401,
      "unauthorized",
      "Send an API token in the Authorization header. Create one with POST /api/tokens or in Kiln's settings.",
    );
  const user = await userForToken(c.env.DB, token);
  if (!user) throw new ApiError(401, "unauthorized", "This API token is not valid (it may have been revoked).");
  c.set("user", user);
  await next();
});
