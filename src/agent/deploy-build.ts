import { COMPATIBILITY_DATE, COMPATIBILITY_FLAGS } from "../compatibility";
import type { Env } from "../env";
import { assetKey, AssetConfigSchema, type AssetEntry, type ServerCode } from "../hosting/artifact";
import { appHost } from "../hosting/current-host";
import { deployVersion, type DeployResult } from "../hosting/deploy";
import type { ProjectRow } from "../store/projects";
import { currentManifest, readAllFiles, storeBlobs } from "../store/sources";
import { sha256Hex } from "../security/hash";
import { recordVersionMetrics } from "../store/version-metrics";
import { insertVersion, markVersionFailed, newVersionId, type NewVersion } from "../store/versions";
import { buildApp, readWranglerConfig, type BuildError, type WranglerConfig, type BuildResult } from "../builder/index";

export interface BuildDeployOptions extends Pick<NewVersion, "source" | "prompt" | "parentVersionId"> {
  userId: string;
  strict?: boolean;
  origin: string;
  /** Build these files instead of the project's current working copy. */
  files?: Record<string, string>;
  /** Told when the build is done and deploying starts (in-process callers only; not over RPC). */
  onBuilt?: (result: BuildResult) => void;
  /** Recorded with the version (model_output): tokens and timings of the generation that made it. */
  metrics?: unknown;
}

export type BuildDeployResult =
  | ({ ok: true; buildTime: number; diagnostics: BuildError[]; timings: BuildResult["timings"] } & DeployResult)
  | { ok: false; versionId: string; buildTime: number; diagnostics: BuildError[]; timings: BuildResult["timings"] };

/** A build's server bundle as hosting deploys it. */
export function builtServerCode(server: NonNullable<BuildResult["server"]>): ServerCode {
  return {
    entrypoint: server.mainModule,
    modules: Object.fromEntries(
      Object.entries(server.modules).map(([name, content]) => [name, { type: "js" as const, content }]),
    ),
    compatibilityDate: server.compatibilityDate ?? COMPATIBILITY_DATE,
    compatibilityFlags: server.compatibilityFlags ?? [...COMPATIBILITY_FLAGS],
  };
}

/**
 * Builds a project's sources inside the platform and deploys the output as a new preview
 * version. A failed build deploys nothing: it is recorded as a failed version with its errors,
 * and whatever was live stays live.
 */
export async function buildAndDeploy(
  env: Env,
  exports: Cloudflare.Exports,
  project: ProjectRow,
  options: BuildDeployOptions,
): Promise<BuildDeployResult> {
  // The version exists (as "building") from the start, so history shows a build in progress,
  // and one interrupted by a crash is found and ended (see ProjectAgent).
  const versionId = newVersionId();
  await insertVersion(env.DB, versionId, { ...options, projectId: project.id, framework: "react" });
  const files = options.files ?? (await readAllFiles(env.DB, env.CODE, project.id));
  const result = await buildApp(files, {
    strict: options.strict,
    loader: env.LOADER,
    migrationDb: appHost(env).database(project.id, "check"),
    cacheKey: project.id,
  });
  const buildTime = Math.round(result.timings.total);
  options.onBuilt?.(result);
  if (options.metrics !== undefined) await recordVersionMetrics(env.DB, versionId, options.metrics);
  if (!result.ok) {
    const first = result.diagnostics.find((d) => d.severity === "error");
    await markVersionFailed(
      env.DB,
      versionId,
      `Build failed: ${first ? `${first.file}${first.line ? `:${first.line}` : ""} ${first.message}` : "unknown error"}`,
    );
    return { ok: false, versionId, buildTime, diagnostics: result.diagnostics, timings: result.timings };
  }

  const assets = await storeAssets(env.CODE, project.id, result.assets);
  const sourceMaps = await storeSourceMaps(env.CODE, project.id, result.sourceMaps);
  const previewAssets = await storeAssets(env.CODE, project.id, result.previewAssets);
  const server = result.server && builtServerCode(result.server);
  const settings = appSettings(readWranglerConfig(files));
  const deployed = await deployVersion(env, exports, {
    project,
    userId: options.userId,
    source: options.source,
    prompt: options.prompt,
    parentVersionId: options.parentVersionId,
    framework: "react",
    assets,
    previewAssets,
    server,
    config: settings.config,
    runWorkerFirst: settings.runWorkerFirst,
    vars: settings.vars,
    migrations: result.migrations,
    publish: false,
    buildDurationMs: buildTime,
    origin: options.origin,
    sources: options.files
      ? await storeManifest(env.CODE, project.id, files)
      : await currentManifest(env.DB, project.id),
    versionId,
    sourceMaps,
  });
  return { ok: true, buildTime, diagnostics: result.diagnostics, timings: result.timings, ...deployed };
}

async function storeAssets(
  bucket: R2Bucket,
  projectId: string,
  built: BuildResult["assets"],
): Promise<Record<string, AssetEntry>> {
  const entries = await Promise.all(
    Object.entries(built).map(async ([path, asset]) => {
      const bytes = typeof asset.body === "string" ? new TextEncoder().encode(asset.body) : asset.body;
      const hash = await sha256Hex(bytes);
      const key = assetKey(projectId, hash);
      if (!(await bucket.head(key))) await bucket.put(key, bytes, { httpMetadata: { contentType: asset.contentType } });
      return [path, { hash, size: bytes.byteLength, contentType: asset.contentType }] as const;
    }),
  );
  return Object.fromEntries(entries);
}

/** Stores the bundles' source maps beside the assets (content-addressed, never in the served manifest): bundle path → hash. */
async function storeSourceMaps(
  bucket: R2Bucket,
  projectId: string,
  maps: BuildResult["sourceMaps"],
): Promise<Record<string, string>> {
  const stored = await storeAssets(
    bucket,
    projectId,
    Object.fromEntries(
      Object.entries(maps).map(([path, map]) => [path, { body: map, contentType: "application/json" }]),
    ),
  );
  return Object.fromEntries(Object.entries(stored).map(([path, entry]) => [path, entry.hash]));
}

/** Stores the files' contents (content-addressed) and returns the version's path → hash manifest. */
async function storeManifest(
  bucket: R2Bucket,
  projectId: string,
  files: Record<string, string>,
): Promise<Record<string, string>> {
  const paths = Object.keys(files);
  const stored = await storeBlobs(bucket, projectId, Object.values(files));
  return Object.fromEntries(paths.map((p, i) => [p, stored[i]!.hash]));
}

/** Asset handling and vars from the app's wrangler.jsonc, so Kiln serves it as `wrangler deploy` would. */
function appSettings(config: WranglerConfig) {
  const assets = config.assets ?? {};
  const parsed = AssetConfigSchema.safeParse({
    html_handling: assets.html_handling,
    not_found_handling: assets.not_found_handling ?? "single-page-application",
  });
  const runWorkerFirst = assets.run_worker_first;
  return {
    config: parsed.success ? parsed.data : AssetConfigSchema.parse({ not_found_handling: "single-page-application" }),
    runWorkerFirst:
      typeof runWorkerFirst === "boolean" || Array.isArray(runWorkerFirst)
        ? (runWorkerFirst as boolean | string[])
        : ["/api/*"],
    vars: Object.fromEntries(Object.entries(config.vars ?? {}).filter(([, v]) => typeof v === "string")) as Record<
      string,
      string
    >,
  };
}
