import { ulid } from "ulid";

export interface SnapshotRow {
  id: string;
  project_id: string;
  version_id: string;
  before_migration: string;
  applied_migrations: string;
  r2_key: string;
  size_bytes: number;
  created_at: string;
}

export const snapshotKey = (projectId: string, id: string) => `apps/${projectId}/snapshots/${id}.sql`;
export const exportKey = (projectId: string, name: string) => `apps/${projectId}/exports/${name}`;
/** What an export's name looks like (exportDatabase makes them); anything else names no export and no storage key. */
export const isExportName = (name: string) => name.length <= 200 && /^[\w-]+\.sql$/.test(name);

export async function recordSnapshot(
  db: D1Database,
  row: Omit<SnapshotRow, "id" | "created_at" | "r2_key">,
): Promise<SnapshotRow> {
  const id = ulid();
  const key = snapshotKey(row.project_id, id);
  return (await db
    .prepare(
      "INSERT INTO db_snapshots (id, project_id, version_id, before_migration, applied_migrations, r2_key, size_bytes) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING *",
    )
    .bind(id, row.project_id, row.version_id, row.before_migration, row.applied_migrations, key, row.size_bytes)
    .first<SnapshotRow>())!;
}

/** The latest snapshot taken right before `migration` first ran on production. */
export async function snapshotBefore(
  db: D1Database,
  projectId: string,
  migration: string,
): Promise<SnapshotRow | null> {
  return db
    .prepare("SELECT * FROM db_snapshots WHERE project_id = ? AND before_migration = ? ORDER BY id DESC LIMIT 1")
    .bind(projectId, migration)
    .first<SnapshotRow>();
}

export async function listSnapshots(db: D1Database, projectId: string): Promise<SnapshotRow[]> {
  return (
    await db
      .prepare("SELECT * FROM db_snapshots WHERE project_id = ? ORDER BY id DESC")
      .bind(projectId)
      .all<SnapshotRow>()
  ).results;
}
