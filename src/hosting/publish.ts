import { ApiError } from "../errors";
import type { Env } from "../env";
import { primaryDomain } from "../store/domains";
import type { ProjectRow } from "../store/projects";
import { setProductionVersion } from "../store/production";
import { exportKey, recordSnapshot, snapshotBefore, snapshotKey } from "../store/snapshots";
import { findVersion, insertVersion, markVersionDeployed, newVersionId } from "../store/versions";
import { readArtifact, writeArtifact, type Migration, type VersionArtifact } from "./artifact";
import type { AppEnvironment } from "./app-environment";
import { appHost } from "./current-host";
import { writePointer } from "./pointer";
import { forgetRoutes, writeHostRoute } from "./serving/routes";
import { previewUrl, productionUrl } from "./serving/urls";

/**
 * Publishing and rollback: production is a pointer to one version, and its database moves with
 * it. Before any migration touches production data, the database is snapshotted to R2.
 */

export interface PublishResult {
  versionId: string;
  /** Null where apps have no host of their own (no APPS_DOMAIN outside localhost). */
  url: string | null;
  appliedMigrations: string[];
  snapshotId: string | null;
}

/** Makes a deployed version production: snapshot, pending migrations, pointer flip. */
export async function publish(
  env: Env,
  project: ProjectRow,
  versionId: string,
  origin: string,
): Promise<PublishResult> {
  const version = await findVersion(env.DB, project.id, versionId);
  if (!version) throw new ApiError(404, "not_found", `Version ${versionId} of this project was not found.`);
  if (version.status !== "deployed")
    throw new ApiError(
      409,
      "version_not_deployed",
      `Version ${versionId} is ${version.status}; only a deployed version can be published.`,
    );
  const artifact = await readArtifact(env.CODE, project.id, versionId);
  if (!artifact)
    throw new ApiError(
      409,
      "artifact_missing",
      `The files of version ${versionId} are missing from storage; publish another version.`,
    );

  const db = appHost(env).database(project.id, "production");
  const applied = await db.appliedMigrations();
  const pending = artifact.migrations.filter((m) => !applied.includes(m.name));
  let snapshotId: string | null = null;
  let appliedNow: string[] = [];
  if (pending.length > 0) {
    snapshotId = await takeSnapshot(env, project.id, versionId, pending[0]!.name, applied);
    appliedNow = await applyMigrations(env, project.id, "production", artifact.migrations);
  }
  const url = productionUrl(env, origin, { ...project, domain: await primaryDomain(env.DB, project.id) });
  await setProductionVersion(env.DB, project.id, versionId, url);
  await writeHostRoute(env.KV, project.slug, project.id);
  forgetRoutes(project.id);
  return { versionId, url, appliedMigrations: appliedNow, snapshotId };
}

export async function applyMigrations(
  env: Env,
  projectId: string,
  environment: AppEnvironment,
  migrations: Migration[],
): Promise<string[]> {
  try {
    const { applied } = await appHost(env).database(projectId, environment).applyMigrations(migrations);
    return applied;
  } catch (err) {
    throw new ApiError(
      400,
      "migration_failed",
      `A migration failed, so nothing was deployed and the live app and its data are unchanged. ${(err as Error).message}`,
    );
  }
}

async function takeSnapshot(
  env: Env,
  projectId: string,
  versionId: string,
  beforeMigration: string,
  applied: string[],
): Promise<string> {
  const dump = await appHost(env).database(projectId, "production").dump();
  const row = await recordSnapshot(env.DB, {
    project_id: projectId,
    version_id: versionId,
    before_migration: beforeMigration,
    applied_migrations: JSON.stringify(applied),
    size_bytes: new TextEncoder().encode(dump).byteLength,
  });
  await env.CODE.put(row.r2_key, dump, { httpMetadata: { contentType: "application/sql; charset=utf-8" } });
  return row.id;
}

export type DataChoice = "keep" | "restore";

export interface RollbackResult extends PublishResult {
  rolledBackTo: string;
  data: DataChoice | "unchanged";
  /** Where the data written since the restored snapshot was saved first. */
  export: { name: string; url: string; bytes: number } | null;
  previewUrl: string | null;
}

/**
 * Rolls back to an earlier version by making a new version with the same code (so history only
 * grows) and publishing it. When production has migrations the old version does not know, the
 * caller must choose: keep today's data (only if the old code still works on it), or restore
 * the snapshot taken before those migrations (after exporting today's data to a file).
 */
export async function rollback(
  env: Env,
  exports: Cloudflare.Exports,
  project: ProjectRow,
  targetId: string,
  options: { userId: string; origin: string; data?: DataChoice },
): Promise<RollbackResult> {
  const target = await findVersion(env.DB, project.id, targetId);
  if (!target) throw new ApiError(404, "not_found", `Version ${targetId} of this project was not found.`);
  if (target.status !== "deployed")
    throw new ApiError(
      409,
      "version_not_deployed",
      `Version ${targetId} is ${target.status}; you can only roll back to a version that deployed.`,
    );
  const artifact = await readArtifact(env.CODE, project.id, targetId);
  if (!artifact)
    throw new ApiError(409, "artifact_missing", `The files of version ${targetId} are missing from storage.`);

  const production = appHost(env).database(project.id, "production");
  const known = new Set(artifact.migrations.map((m) => m.name));
  const since = (await production.appliedMigrations()).filter((name) => !known.has(name));
  let exported: RollbackResult["export"] = null;

  if (since.length > 0) {
    const snapshot = await snapshotBefore(env.DB, project.id, since[0]!);
    if (!options.data) {
      const keep = await checkOldCodeOnTodaysData(env, exports, artifact);
      throw new ApiError(
        409,
        "rollback_needs_choice",
        `Production's database has changed since version ${targetId} (${since.join(", ")}). Choose data: "keep" to keep today's data${keep.ok ? "" : " (not possible: the old code fails on it)"}, or "restore" to restore the snapshot taken before ${since[0]} (today's data is exported to a file first).`,
        {
          migrationsSince: since,
          choices: { keep, restore: snapshot ? { snapshotId: snapshot.id, takenAt: snapshot.created_at } : null },
        },
      );
    }
    if (options.data === "keep") {
      const keep = await checkOldCodeOnTodaysData(env, exports, artifact);
      if (!keep.ok)
        throw new ApiError(
          409,
          "old_code_incompatible",
          `Version ${targetId} does not work with today's data: ${keep.problems.join("; ")}. Restore the snapshot instead, or fix forward.`,
          keep,
        );
    } else {
      if (!snapshot)
        throw new ApiError(
          409,
          "no_snapshot",
          `There is no snapshot from before ${since[0]}, so the data cannot be restored. Keep today's data instead.`,
        );
      exported = await exportDatabase(env, project.id);
      const dump = await env.CODE.get(snapshot.r2_key);
      if (!dump)
        throw new ApiError(409, "snapshot_missing", `The snapshot from before ${since[0]} is missing from storage.`);
      await production.restore(await dump.text());
    }
  }

  // A new version with the old code: its history stays intact, and rolling back a rollback works.
  const versionId = newVersionId();
  await insertVersion(env.DB, versionId, {
    userId: options.userId,
    projectId: project.id,
    source: "rollback",
    parentVersionId: targetId,
    prompt: `Rollback to ${targetId}`,
    framework: target.framework,
  });
  const copy: VersionArtifact = { ...artifact, versionId, createdAt: new Date().toISOString() };
  const key = await writeArtifact(env.CODE, copy);
  await appHost(env, exports).deployVersion(copy);
  const preview = await previewUrl(env, options.origin, project, versionId);
  await markVersionDeployed(env.DB, versionId, {
    artifactKey: key,
    previewUrl: preview,
    outputSizeBytes: target.output_size_bytes ?? 0,
    buildDurationMs: 0,
  });
  await writePointer(env.KV, options.userId, project.id, { latestVersionId: versionId, previewUrl: preview });
  const published = await publish(env, project, versionId, options.origin);
  return {
    ...published,
    rolledBackTo: targetId,
    data: since.length > 0 ? options.data! : "unchanged",
    export: exported,
    previewUrl: preview,
  };
}

/** Today's production data as a downloadable SQL file, before anything replaces it. */
async function exportDatabase(env: Env, projectId: string) {
  const dump = await appHost(env).database(projectId, "production").dump();
  const name = `production-${new Date().toISOString().replace(/[:.]/g, "-")}.sql`;
  await env.CODE.put(exportKey(projectId, name), dump, {
    httpMetadata: {
      contentType: "application/sql; charset=utf-8",
      contentDisposition: `attachment; filename="${name}"`,
    },
  });
  return { name, url: `/api/projects/${projectId}/exports/${name}`, bytes: new TextEncoder().encode(dump).byteLength };
}

/**
 * Can the old code run on today's schema? Load it against a scratch copy of production and ask
 * for its home page and each table's list route: any 5xx (or a crash) means no.
 */
async function checkOldCodeOnTodaysData(
  env: Env,
  exports: Cloudflare.Exports,
  artifact: VersionArtifact,
): Promise<{ ok: boolean; problems: string[] }> {
  if (!artifact.server) return { ok: true, problems: [] };
  const host = appHost(env, exports);
  await host.copyDatabase(artifact.projectId, "production", "scratch");
  const scratch = host.database(artifact.projectId, "scratch");
  const { tables } = await scratch.stats();
  const paths = [
    "/",
    ...Object.keys(tables)
      .filter((t) => t !== "d1_migrations" && t !== "users")
      .map((t) => `/api/${t}`),
  ];
  const worker = host.versionWorker(artifact, "scratch", 0);
  const problems: string[] = [];
  for (const path of paths) {
    try {
      const res = await worker.fetch(
        new Request(`http://check.invalid${path}`, { headers: { accept: "application/json" } }),
      );
      await res.arrayBuffer();
      if (res.status >= 500) problems.push(`GET ${path} answered ${res.status}`);
    } catch (err) {
      problems.push(`GET ${path} threw: ${(err as Error).message}`);
    }
  }
  await scratch.destroy();
  return { ok: problems.length === 0, problems };
}

export { snapshotKey };
