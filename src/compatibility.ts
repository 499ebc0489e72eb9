/**
 * The Workers runtime Kiln targets: the platform's own isolates (the type checker, the sandbox
 * runner) run on it, and so does an app that names no compatibility date or flags of its own.
 * wrangler.jsonc and the template's wrangler.jsonc say the same.
 */
export const COMPATIBILITY_DATE = "2026-11-01";
export const COMPATIBILITY_FLAGS: readonly string[] = ["nodejs_compat"];
