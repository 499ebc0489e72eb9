import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { ApiError } from "../errors";

export { ApiError };

/** Every error the platform answers with: `{error: {code, message, details?}}`. */
export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

export const notFound = (what: string) => new ApiError(404, "not_found", `${what} was not found.`);

const WRAPPED = /^\/(__api\/|build-preview-for-new-project$|rebuild-preview$)/;

export function errorResponse(
  c: Context,
  status: ContentfulStatusCode,
  code: string,
  message: string,
  details?: unknown,
) {
  const body: ErrorBody & { success?: false } = {
    error: details === undefined ? { code, message } : { code, message, details },
  };
  // The deploy API and the server API wrap every answer in {success}.
  if (WRAPPED.test(c.req.path)) body.success = false;
  return c.json(body, status);
}

/** Maps anything thrown in a route to the error shape; only true bugs become 500s. */
export function handleError(err: Error, c: Context) {
  if (err instanceof ApiError) {
    const res = errorResponse(c, err.status, err.code, err.message, err.details);
    const retryAfter = (err.details as { retryAfter?: number } | undefined)?.retryAfter;
    if ((err.status === 429 || err.status === 503) && retryAfter) res.headers.set("retry-after", String(retryAfter));
    return res;
  }
  if (err instanceof HTTPException) {
    const status = err.status as ContentfulStatusCode;
    // Hono's JSON validator throws 400 with this text for unparseable bodies.
    if (status === 400 && /malformed json/i.test(err.message)) {
      return errorResponse(
        c,
        400,
        "malformed_json",
        "The request body is not valid JSON. Send a JSON object with Content-Type: application/json.",
      );
    }
    // Hono's OpenAPI routes refuse a body declared as another media type.
    if (status === 415)
      return errorResponse(
        c,
        415,
        "unsupported_media_type",
        "This route takes a JSON body: send it with Content-Type: application/json.",
      );
    return errorResponse(
      c,
      status,
      status === 401 ? "unauthorized" : "bad_request",
      err.message || "The request was refused.",
    );
  }
  console.error("unhandled error", c.req.method, c.req.path, err);
  return errorResponse(c, 500, "internal", "Something went wrong on our side. The request was not applied; try again.");
}
