import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/**
 * Every API error has the same JSON shape: `{ error: { code, message } }`.
 * Throw an `ApiError` anywhere in a route; the app's `onError` turns it into that response.
 */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly fields?: Record<string, string>,
  ) {
    super(message);
  }
}

export const badRequest = (message: string, fields?: Record<string, string>) => new ApiError(400, "invalid_input", message, fields);
export const unauthorized = (message = "Please sign in.") => new ApiError(401, "unauthorized", message);
export const notFound = (what = "Not found") => new ApiError(404, "not_found", what);
export const conflict = (code: string, message: string) => new ApiError(409, code, message);

export function errorResponse(c: Context, err: unknown): Response {
  if (err instanceof ApiError) {
    const body = { error: { code: err.code, message: err.message, ...(err.fields ? { fields: err.fields } : {}) } };
    return c.json(body, err.status);
  }
  console.error(err);
  return c.json({ error: { code: "internal_error", message: "Something went wrong on our side. Please try again." } }, 500);
}
