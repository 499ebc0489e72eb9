/** What the app dispatcher needs of a project to route a request to it. */
export interface AppRouteRow {
  id: string;
  slug: string;
  production_version_id: string | null;
  env_revision: number;
  preview_key: string | null;
}

const COLUMNS = "id, slug, production_version_id, env_revision, preview_key";

export function appRouteById(db: D1Database, projectId: string): Promise<AppRouteRow | null> {
  return db.prepare(`SELECT ${COLUMNS} FROM projects WHERE id = ?`).bind(projectId).first<AppRouteRow>();
}

export function appRouteBySlug(db: D1Database, slug: string): Promise<AppRouteRow | null> {
  return db.prepare(`SELECT ${COLUMNS} FROM projects WHERE slug = ?`).bind(slug).first<AppRouteRow>();
}
