import { z } from "@hono/zod-openapi";
import type { Migration } from "./database/app-database";
import { setHeaderProblem, unsetHeaderProblem } from "./serving/confine-headers";

export type { Migration };

/** What one immutable app version is: its asset manifest, server code, asset config and migrations. */

export const MODULE_TYPES = ["js", "cjs", "text", "data", "json"] as const;
export type ModuleType = (typeof MODULE_TYPES)[number];

export interface AssetEntry {
  hash: string; // SHA-256 of the bytes, 64 hex
  size: number;
  contentType: string;
}

export interface ServerModule {
  type: ModuleType;
  /** Source text, or base64 for `data` modules. */
  content: string;
}

export interface ServerCode {
  entrypoint: string;
  modules: Record<string, ServerModule>;
  compatibilityDate: string;
  compatibilityFlags: string[];
}

export const RedirectRuleSchema = z.object({
  status: z.union([z.literal(301), z.literal(302), z.literal(303), z.literal(307), z.literal(308)], {
    error: "must be one of 301, 302, 303, 307, 308",
  }),
  to: z.string().min(1),
});

/** The deploy API's asset configuration (README: Deploy API). */
export const AssetConfigSchema = z
  .object({
    html_handling: z
      .enum(["auto-trailing-slash", "force-trailing-slash", "drop-trailing-slash", "none"])
      .default("auto-trailing-slash"),
    not_found_handling: z.enum(["single-page-application", "404-page", "none"]).default("none"),
    redirects: z
      .object({
        static: z
          .record(z.string().startsWith("/"), RedirectRuleSchema)
          .refine((r) => Object.keys(r).length <= 2000, "at most 2,000 static redirects")
          .default({}),
        dynamic: z
          .record(z.string().startsWith("/"), RedirectRuleSchema)
          .refine((r) => Object.keys(r).length <= 100, "at most 100 dynamic redirects")
          .default({}),
      })
      .default({ static: {}, dynamic: {} }),
    headers: z
      .object({
        rules: z
          .record(
            z.string(),
            z.object({ set: z.record(z.string(), z.string()).optional(), unset: z.array(z.string()).optional() }),
          )
          .superRefine((rules, ctx) => {
            // Header rules may not reach beyond the app's own origin (see serving/confine-headers.ts).
            for (const [pattern, rule] of Object.entries(rules)) {
              for (const [name, value] of Object.entries(rule.set ?? {})) {
                const problem = setHeaderProblem(pattern, name, value);
                if (problem) ctx.addIssue({ code: "custom", path: [pattern, "set", name], message: problem });
              }
              for (const name of rule.unset ?? []) {
                const problem = unsetHeaderProblem(pattern, name);
                if (problem) ctx.addIssue({ code: "custom", path: [pattern, "unset"], message: problem });
              }
            }
          })
          .default({}),
      })
      .default({ rules: {} }),
  })
  .openapi("AssetConfig");

export type AssetConfig = z.output<typeof AssetConfigSchema>;

export interface VersionArtifact {
  projectId: string;
  versionId: string;
  createdAt: string;
  assets: Record<string, AssetEntry>;
  server: ServerCode | null;
  config: AssetConfig;
  runWorkerFirst: boolean | string[];
  vars: Record<string, string>;
  migrations: Migration[];
  /** The app's source files (path → content hash) when the version was built by Kiln. */
  sources?: Record<string, string>;
  /**
   * Bundle path → content hash of its source map, stored with the assets but never served: the
   * platform reads them to name the app's file and line in a preview's errors (render-report.ts).
   */
  sourceMaps?: Record<string, string>;
  /**
   * Served over `assets` on preview hosts only: the source-tagged page and scripts of a Kiln build
   * (builder/source-tags.ts). Production never serves them, so one version is both.
   */
  previewAssets?: Record<string, AssetEntry>;
}

/** The preview's view of each cached artifact, made once: a version may have thousands of assets. */
const previewViews = new WeakMap<VersionArtifact, VersionArtifact>();

/** The assets a version serves in an environment: previews see the source-tagged overlay. */
export function assetsFor(artifact: VersionArtifact, environment: string): VersionArtifact {
  if (environment !== "preview" || !artifact.previewAssets) return artifact;
  let view = previewViews.get(artifact);
  if (!view) {
    view = { ...artifact, assets: { ...artifact.assets, ...artifact.previewAssets } };
    previewViews.set(artifact, view);
  }
  return view;
}

export const appPrefix = (projectId: string) => `apps/${projectId}/`;
export const assetKey = (projectId: string, hash: string) => `apps/${projectId}/assets/${hash}`;
export const artifactKey = (projectId: string, versionId: string) => `apps/${projectId}/versions/${versionId}.json`;
export const storagePrefix = (projectId: string) => `apps/${projectId}/storage/`;

/** Artifacts never change once written, so each isolate keeps the recent ones in memory. */
const cache = new Map<string, VersionArtifact>();
const CACHE_LIMIT = 1000;

export async function readArtifact(
  bucket: R2Bucket,
  projectId: string,
  versionId: string,
): Promise<VersionArtifact | null> {
  const key = artifactKey(projectId, versionId);
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit); // most recently used last
    return hit;
  }
  const obj = await bucket.get(key);
  if (!obj) return null;
  const artifact = (await obj.json()) as VersionArtifact;
  cache.set(key, artifact);
  if (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  return artifact;
}

export async function writeArtifact(bucket: R2Bucket, artifact: VersionArtifact): Promise<string> {
  const key = artifactKey(artifact.projectId, artifact.versionId);
  await bucket.put(key, JSON.stringify(artifact), { httpMetadata: { contentType: "application/json" } });
  return key;
}

export function forgetArtifacts(projectId: string) {
  for (const key of cache.keys()) if (key.startsWith(appPrefix(projectId))) cache.delete(key);
}
