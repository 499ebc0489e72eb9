import type { ContentfulStatusCode } from "hono/utils/http-status";

/**
 * An error meant for the caller: its message says what to fix. Thrown anywhere (store, hosting,
 * agent) and answered by the API as `{error: {code, message, details?}}` with its status.
 */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}
