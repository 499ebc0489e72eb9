import { ApiError } from "../errors";
import type { Env } from "../env";
import { appSecrets } from "../store/app-secrets";
import type { ProjectRow } from "../store/projects";
import {
  insertVersion,
  markVersionDeployed,
  markVersionFailed,
  newVersionId,
  type NewVersion,
} from "../store/versions";
import {
  assetKey,
  writeArtifact,
  type AssetConfig,
  type AssetEntry,
  type Migration,
  type ServerCode,
  type VersionArtifact,
} from "./artifact";
import { appHost } from "./current-host";
import { probeServerCode } from "./probe";
import { writePointer } from "./pointer";
import { publish, type PublishResult } from "./publish";
import { storedAssetHashes } from "./stored-assets";
import { previewUrl } from "./serving/urls";

export interface DeployInput extends Omit<NewVersion, "projectId"> {
  project: ProjectRow;
  /** "/path" → entry; every hash must already be stored (three-phase upload or the builder). */
  assets: Record<string, AssetEntry>;
  server: ServerCode | null;
  config: AssetConfig;
  runWorkerFirst: boolean | string[];
  vars: Record<string, string>;
  migrations: Migration[];
  /** Make this version production right away (the deploy API does; builder previews do not). */
  publish: boolean;
  buildDurationMs?: number;
  /** Origin of the request, for the URLs in the answer. */
  origin: string;
  /** The sources this version was built from (path → hash), when Kiln built it. */
  sources?: Record<string, string>;
  /** Bundle path → hash of its stored source map, when Kiln built it. */
  sourceMaps?: Record<string, string>;
  /** Served over `assets` on preview hosts only (a Kiln build's source-tagged page and scripts). */
  previewAssets?: Record<string, AssetEntry>;
  /** A version row already created (status building) by the caller, e.g. before a build. */
  versionId?: string;
}

export interface DeployResult {
  versionId: string;
  /** Null where apps have no host of their own (no APPS_DOMAIN outside localhost). */
  previewUrl: string | null;
  url: string | null;
  outputSizeBytes: number;
  appliedMigrations: string[];
}

/**
 * Creates an immutable version and (optionally) makes it production. Nothing becomes visible
 * until every check has passed: assets stored, modules load, migrations applied. A failure
 * marks the version failed and leaves the live version and its data exactly as they were.
 */
export async function deployVersion(env: Env, exports: Cloudflare.Exports, input: DeployInput): Promise<DeployResult> {
  const { project } = input;
  const versionId = input.versionId ?? newVersionId();
  if (!input.versionId) await insertVersion(env.DB, versionId, { ...input, projectId: project.id });
  try {
    await requireStoredAssets(env.CODE, project.id, { ...input.assets, ...input.previewAssets });
    const server = input.server;
    if (server) await probeServerCode(env, exports, project.id, server);

    const artifact: VersionArtifact = {
      projectId: project.id,
      versionId,
      createdAt: new Date().toISOString(),
      assets: input.assets,
      server,
      config: input.config,
      runWorkerFirst: input.runWorkerFirst,
      vars: input.vars,
      migrations: input.migrations.map((m) => ({ name: m.name, sql: m.sql.replace(/\r\n/g, "\n") })),
      ...(input.sources ? { sources: input.sources } : {}),
      ...(input.sourceMaps ? { sourceMaps: input.sourceMaps } : {}),
      ...(input.previewAssets && Object.keys(input.previewAssets).length ? { previewAssets: input.previewAssets } : {}),
    };
    await appSecrets(env.DB, project.id);

    const key = await writeArtifact(env.CODE, artifact);
    await appHost(env, exports).deployVersion(artifact);
    const outputSizeBytes = Object.values(input.assets).reduce((n, a) => n + a.size, 0) + serverSize(server);
    const preview = await previewUrl(env, input.origin, project, versionId);
    await markVersionDeployed(env.DB, versionId, {
      artifactKey: key,
      previewUrl: preview,
      outputSizeBytes,
      buildDurationMs: input.buildDurationMs,
    });
    // Publishing takes only deployed versions; if it fails (a migration), the catch marks this one failed.
    const published: PublishResult | null = input.publish ? await publish(env, project, versionId, input.origin) : null;
    await writePointer(env.KV, input.userId, project.id, { latestVersionId: versionId, previewUrl: preview });
    return {
      versionId,
      previewUrl: preview,
      url: published?.url ?? null,
      outputSizeBytes,
      appliedMigrations: published?.appliedMigrations ?? [],
    };
  } catch (err) {
    await markVersionFailed(env.DB, versionId, err instanceof Error ? err.message : String(err));
    throw err;
  }
}

async function requireStoredAssets(bucket: R2Bucket, projectId: string, assets: Record<string, AssetEntry>) {
  const hashes = [...new Set(Object.values(assets).map((a) => a.hash))];
  const stored = await storedAssetHashes(bucket, projectId, hashes);
  const missing = hashes.filter((h) => !stored.has(h));
  if (missing.length > 0) {
    throw new ApiError(
      400,
      "assets_missing",
      `${missing.length} asset(s) of the manifest were never uploaded (first: ${missing[0]}). Upload every bucket before deploying.`,
    );
  }
}

function serverSize(server: ServerCode | null): number {
  if (!server) return 0;
  return Object.values(server.modules).reduce((n, m) => n + m.content.length, 0);
}
