import type { VersionRow } from "./versions";

/** The nightly clean-up's reads and deletes across every project. */

export interface MaintainedProject {
  id: string;
  user_id: string;
  slug: string;
  production_version_id: string | null;
}

export async function allProjects(db: D1Database): Promise<MaintainedProject[]> {
  const { results } = await db.prepare("SELECT id, user_id, slug, production_version_id FROM projects").all<MaintainedProject>();
  return results;
}

/** Every version of a project, newest first (retention keeps the first ones). */
export async function allVersions(db: D1Database, projectId: string): Promise<VersionRow[]> {
  const { results } = await db.prepare("SELECT * FROM project_versions WHERE project_id = ? ORDER BY version_id DESC").bind(projectId).all<VersionRow>();
  return results;
}

export async function deleteVersionRow(db: D1Database, versionId: string): Promise<void> {
  await db.prepare("DELETE FROM project_versions WHERE version_id = ?").bind(versionId).run();
}
