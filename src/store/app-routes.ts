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

/** The project an active custom domain belongs to, if it is `projectId` (what KV said). */
export function appRouteByDomain(db: D1Database, hostname: string, projectId: string): Promise<AppRouteRow | null> {
  return db
    .prepare(
      `SELECT ${COLUMNS.replace(/(\w+)/g, "p.$1")} FROM custom_domains d JOIN projects p ON p.id = d.project_id WHERE d.hostname = ? AND d.status = 'active' AND p.id = ?`,
    )
    .bind(hostname, projectId)
    .first<AppRouteRow>();
}
