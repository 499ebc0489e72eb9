/** Shapes of the in-platform builder's input, output and errors (see src/builder/index.ts). */

export type { BuildError, BuildErrorSource } from "./build-error";
import type { BuildError } from "./build-error";

export interface BuiltAsset {
  body: Uint8Array | string;
  contentType: string;
}

export interface BuiltServer {
  /** Name of the module whose default export is the app's fetch handler. */
  mainModule: string;
  /** ES modules for the Worker Loader: the app's bundle plus the vendored hono modules it imports. */
  modules: Record<string, string>;
  /** From the app's wrangler.jsonc, when it has one. */
  compatibilityDate?: string;
  compatibilityFlags?: string[];
}

export interface BuildLimits {
  /** Most source files an app may have. */
  maxFiles: number;
  /** Most bytes of source in total. */
  maxSourceBytes: number;
  /** Most bytes of output (assets + server modules). */
  maxOutputBytes: number;
  /** Wall-clock budget for the whole build, in milliseconds. */
  maxBuildMs: number;
}

export interface BuildOptions {
  /** Treat TypeScript errors as fatal (no output). */
  strict?: boolean;
  /** Minify the browser bundle (default true). The server bundle stays readable for stack traces. */
  minify?: boolean;
  /** The Worker Loader binding: enables type-checking (it runs in its own isolate). */
  loader?: WorkerLoader;
  /** An empty scratch database (emptied again afterwards): enables the migration dry run. */
  migrationDb?: MigrationDatabase;
  /** Identifies the app (e.g. its project id) so the type-checker can re-check incrementally. */
  cacheKey?: string;
  /**
   * Also build the browser bundle with source tags (data-kiln-src on each element of the app's JSX)
   * for preview hosts (default true); see source-tags.ts.
   */
  sourceTags?: boolean;
  /** Skip the type-check even when `loader` is given. */
  typecheck?: boolean;
  limits?: Partial<BuildLimits>;
}

export interface BuildTimings {
  total: number;
  esbuildInit: number;
  client: number;
  server: number;
  tailwind: number;
  typescript: number;
  sql: number;
  [phase: string]: number;
}

export interface BuildResult {
  /** false when any error-severity diagnostic blocked the build; assets and server are then empty. */
  ok: boolean;
  /** URL path ("/index.html", "/assets/index-ABC123.js") → bytes and content type. */
  assets: Record<string, BuiltAsset>;
  /** Browser bundle path ("/assets/index-ABC123.js") → its source map (JSON), not served as an asset. */
  sourceMaps: Record<string, string>;
  /** Served instead of / besides `assets` on preview hosts only: the source-tagged page and scripts. */
  previewAssets: Record<string, BuiltAsset>;
  server: BuiltServer | null;
  migrations: { name: string; sql: string }[];
  diagnostics: BuildError[];
  timings: BuildTimings;
}

/** The part of an app database the migration dry run needs (hosting's AppDatabaseClient has it). */
export interface MigrationDatabase {
  applyMigrations(migrations: { name: string; sql: string }[]): Promise<{ applied: string[] }>;
  destroy(): Promise<void>;
}
