import type { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { ApiError } from "./errors";
import { describeIssues, summarize } from "./validation";

const MALFORMED = "The request body is not valid JSON. Send a JSON object with Content-Type: application/json.";

/** Reads and validates a JSON body, with the same 400s as the OpenAPI routes. */
export async function parseJson<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw new ApiError(400, "malformed_json", MALFORMED);
  }
  return validate(schema, body);
}

/**
 * For routes whose body is optional: no body (or only whitespace) validates as `{}`; anything
 * else must be JSON that passes the schema, so a malformed or mistyped body is a 400, never `{}`.
 */
export async function parseOptionalJson<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  const text = await c.req.text();
  if (!text.trim()) return validate(schema, {});
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ApiError(400, "malformed_json", MALFORMED);
  }
  return validate(schema, body);
}

/** Validates a value already parsed, with the same 400 naming each field. */
export function validate<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issues = describeIssues(result.error.issues);
    throw new ApiError(400, "invalid_request", summarize(issues), issues);
  }
  return result.data;
}
