import type { Hook } from "@hono/zod-openapi";
import type { z } from "@hono/zod-openapi";
import type { AppEnv } from "../env";
import { errorResponse } from "./errors";

export interface FieldIssue {
  path: string;
  message: string;
}

/** Each problem as "field: what is wrong", unwrapping zod's nested issues (e.g. bad record keys). */
export function describeIssues(issues: readonly z.core.$ZodIssue[], prefix: PropertyKey[] = []): FieldIssue[] {
  return issues.flatMap((issue) => {
    const path = [...prefix, ...issue.path];
    const nested = (issue as { issues?: z.core.$ZodIssue[] }).issues;
    if (issue.code === "invalid_key" && nested?.length) return describeIssues(nested, path);
    return [{ path: path.map(String).join(".") || "(body)", message: issue.message }];
  });
}

export function summarize(issues: FieldIssue[]): string {
  return `The request is not valid. ${issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`;
}

/** Turns a failed zod validation into a 400 that names each field and what is wrong with it. */
export const validationHook: Hook<unknown, AppEnv, string, unknown> = (result, c) => {
  if (result.success) return;
  const issues = describeIssues((result.error as z.ZodError).issues);
  return errorResponse(c, 400, "invalid_request", summarize(issues), issues);
};
