import { ulid } from "ulid";

export type VersionStatus = "building" | "deployed" | "failed";

export interface VersionRow {
  version_id: string;
  user_id: string;
  project_id: string;
  prompt: string | null;
  parent_version_id: string | null;
  preview_url: string | null;
  artifact_key: string | null;
  framework: string | null;
  source: string;
  build_duration_ms: number | null;
  output_size_bytes: number | null;
  model_output: string | null;
  status: VersionStatus;
  error: string | null;
  pinned: number;
  published_at: string | null;
  created_at: string;
}

export interface NewVersion {
  userId: string;
  projectId: string;
  source: "deploy-api" | "build" | "generation" | "rollback" | "visual-edit";
  prompt?: string | null;
  parentVersionId?: string | null;
  framework?: string | null;
}

export const newVersionId = () => ulid();

export async function insertVersion(db: D1Database, versionId: string, v: NewVersion): Promise<void> {
  await db
    .prepare(
      "INSERT INTO project_versions (version_id, user_id, project_id, source, prompt, parent_version_id, framework, status) VALUES (?, ?, ?, ?, ?, ?, ?, 'building')",
    )
    .bind(versionId, v.userId, v.projectId, v.source, v.prompt ?? null, v.parentVersionId ?? null, v.framework ?? null)
    .run();
}

export async function markVersionDeployed(
  db: D1Database,
  versionId: string,
  fields: { artifactKey: string; previewUrl: string | null; outputSizeBytes: number; buildDurationMs?: number | null },
): Promise<void> {
  await db
    .prepare(
      "UPDATE project_versions SET status = 'deployed', artifact_key = ?, preview_url = ?, output_size_bytes = ?, build_duration_ms = COALESCE(?, build_duration_ms), error = NULL WHERE version_id = ?",
    )
    .bind(fields.artifactKey, fields.previewUrl, fields.outputSizeBytes, fields.buildDurationMs ?? null, versionId)
    .run();
}

export async function markVersionFailed(db: D1Database, versionId: string, error: string): Promise<void> {
  await db
    .prepare("UPDATE project_versions SET status = 'failed', error = ? WHERE version_id = ?")
    .bind(error.slice(0, 4000), versionId)
    .run();
}

/** Ends as failed every version of the project still marked building: its build was cut off (a crash or restart). */
export async function failInterruptedBuilds(db: D1Database, projectId: string): Promise<void> {
  await db
    .prepare(
      "UPDATE project_versions SET status = 'failed', error = 'Interrupted: the platform stopped while this version was being built. Nothing of it was deployed.' WHERE project_id = ? AND status = 'building'",
    )
    .bind(projectId)
    .run();
}

export async function findVersion(db: D1Database, projectId: string, versionId: string): Promise<VersionRow | null> {
  return db
    .prepare("SELECT * FROM project_versions WHERE project_id = ? AND version_id = ?")
    .bind(projectId, versionId)
    .first<VersionRow>();
}

/** The deployed versions of a project whose id ends with `tail` (a version's preview host carries the last characters of its id). */
export async function deployedVersionsEndingWith(
  db: D1Database,
  projectId: string,
  tail: string,
): Promise<VersionRow[]> {
  const { results } = await db
    .prepare(
      "SELECT * FROM project_versions WHERE project_id = ? AND status = 'deployed' AND lower(substr(version_id, ?)) = ? ORDER BY version_id DESC",
    )
    .bind(projectId, -tail.length, tail.toLowerCase())
    .all<VersionRow>();
  return results;
}

/** The newest deployed version: what the project's live preview host shows. */
export async function latestDeployedVersion(db: D1Database, projectId: string): Promise<VersionRow | null> {
  return db
    .prepare(
      "SELECT * FROM project_versions WHERE project_id = ? AND status = 'deployed' ORDER BY version_id DESC LIMIT 1",
    )
    .bind(projectId)
    .first<VersionRow>();
}

/** A project's versions, newest first; `before` is the cursor (a version id) for the next page. */
export async function listVersions(
  db: D1Database,
  projectId: string,
  options: { limit: number; before?: string },
): Promise<VersionRow[]> {
  const { results } = options.before
    ? await db
        .prepare(
          "SELECT * FROM project_versions WHERE project_id = ? AND version_id < ? ORDER BY version_id DESC LIMIT ?",
        )
        .bind(projectId, options.before, options.limit)
        .all<VersionRow>()
    : await db
        .prepare("SELECT * FROM project_versions WHERE project_id = ? ORDER BY version_id DESC LIMIT ?")
        .bind(projectId, options.limit)
        .all<VersionRow>();
  return results;
}

export async function setPinned(
  db: D1Database,
  projectId: string,
  versionId: string,
  pinned: boolean,
): Promise<boolean> {
  const res = await db
    .prepare("UPDATE project_versions SET pinned = ? WHERE project_id = ? AND version_id = ?")
    .bind(pinned ? 1 : 0, projectId, versionId)
    .run();
  return res.meta.changes > 0;
}

/** The newest version before `versionId` that deployed: what the project served before that version's change. */
export async function versionBefore(db: D1Database, projectId: string, versionId: string): Promise<VersionRow | null> {
  return db
    .prepare(
      "SELECT * FROM project_versions WHERE project_id = ? AND version_id < ? AND status = 'deployed' ORDER BY version_id DESC LIMIT 1",
    )
    .bind(projectId, versionId)
    .first<VersionRow>();
}
