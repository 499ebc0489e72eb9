/**
 * The environments an app runs in. Each has its own database: production (the published
 * version), preview (drafts), scratch (the platform's throwaway copies: smoke runs, rollback
 * checks) and check (the builder's migration dry run).
 */
export type AppEnvironment = "production" | "preview" | "scratch" | "check";

export const APP_ENVIRONMENTS: readonly AppEnvironment[] = ["production", "preview", "scratch", "check"];
