import type { VersionRow } from "./versions";

/** The nightly clean-up's reads and deletes across every project. */

export interface MaintainedProject {
  id: string;
  user_id: string;
  slug: string;
  production_version_id: string | null;
}

/** One page of projects, in id order after `cursor` (the clean-up runs in batches that resume). */
export async function projectsAfter(db: D1Database, cursor: string, limit: number): Promise<MaintainedProject[]> {
  const { results } = await db
    .prepare("SELECT id, user_id, slug, production_version_id FROM projects WHERE id > ? ORDER BY id LIMIT ?")
    .bind(cursor, limit)
    .all<MaintainedProject>();
  return results;
}

/** Every version of a project, newest first (retention keeps the first ones). */
export async function allVersions(db: D1Database, projectId: string): Promise<VersionRow[]> {
  const { results } = await db
    .prepare("SELECT * FROM project_versions WHERE project_id = ? ORDER BY version_id DESC")
    .bind(projectId)
    .all<VersionRow>();
  return results;
}

/** Deletes version rows in one statement (at most 100 ids: D1's limit of bound parameters). */
export async function deleteVersionRows(db: D1Database, versionIds: string[]): Promise<void> {
  if (versionIds.length === 0) return;
  await db
    .prepare(`DELETE FROM project_versions WHERE version_id IN (${versionIds.map(() => "?").join(",")})`)
    .bind(...versionIds)
    .run();
}
