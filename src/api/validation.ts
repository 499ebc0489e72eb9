import type { Hook } from "@hono/zod-openapi";
import type { z } from "@hono/zod-openapi";
import type { AppEnv } from "../env";
import { errorResponse } from "./errors";

/** Turns a failed zod validation into a 400 that names each field and what is wrong with it. */
export const validationHook: Hook<unknown, AppEnv, string, unknown> = (result, c) => {
  if (result.success) return;
  const issues = (result.error as z.ZodError).issues.map((issue) => ({
    path: issue.path.join(".") || "(body)",
    message: issue.message,
  }));
  const summary = issues.map((i) => `${i.path}: ${i.message}`).join("; ");
  return errorResponse(c, 400, "invalid_request", `The request is not valid. ${summary}`, issues);
};
