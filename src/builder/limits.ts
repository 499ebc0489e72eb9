import type { BuildError, BuildLimits } from "./types";

// The builder's limits, and the errors it reports in its own name (source "kiln").

export const DEFAULT_LIMITS: BuildLimits = {
  maxFiles: 2000,
  maxSourceBytes: 10 * 1024 * 1024,
  maxOutputBytes: 100 * 1024 * 1024,
  // Wall time, so it stretches on a busy machine: the first build's type check alone has taken
  // 6 s on a quiet 2-core machine and over 30 s on one loaded by other work.
  maxBuildMs: 60_000,
};

/** Thrown when a limit is hit mid-build; buildApp turns it into a failed result. */
export class LimitError extends Error {
  constructor(public readonly error: BuildError) {
    super(error.message);
  }
}

export function kilnError(code: string, message: string, file = ""): BuildError {
  return { file, line: 0, column: 0, message, code, source: "kiln", severity: "error" };
}

export function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export const elapsed = (since: number) => Math.round((performance.now() - since) * 10) / 10;
