/** A build problem as the builder reports it, the generation repairs it and the UI shows it (no runtime imports: the UI shares this type). */

/** Where a problem was found. "kiln" covers the builder's own checks: input layout and limits; "runtime" the smoke run of the built app (src/agent/smoke.ts). */
export type BuildErrorSource = "typescript" | "esbuild" | "tailwind" | "sql" | "kiln" | "runtime";

/**
 * One problem, structured for the repair loop. `file` is a project path ("src/App.tsx"), or ""
 * when the problem belongs to no file. `line` and `column` are 1-based; 0 when unknown.
 */
export interface BuildError {
  file: string;
  line: number;
  column: number;
  message: string;
  /** "TS2322" for TypeScript, esbuild's message id or "ESBUILD", "TAILWIND", "SQL", "LIMIT_…", "INPUT_…". */
  code: string;
  source: BuildErrorSource;
  severity: "error" | "warning";
  /** The offending source line, when known. */
  lineText?: string;
}
