import { slugCandidate, slugify } from "./slug";

export type ProjectStatus = "draft" | "building" | "deployed" | "error";

export interface ProjectRow {
  id: string;
  user_id: string;
  name: string;
  slug: string;
  status: ProjectStatus;
  deployed_url: string | null;
  d1_database_id: string | null;
  worker_name: string | null;
  production_version_id: string | null;
  /** The secret part of the project's preview hosts (see hosting/serving/urls.ts); null only for rows made outside insertProject. */
  preview_key: string | null;
  /** 1 while its name came from its description (the first plan names it); 0 once its owner named it. */
  name_from_plan?: number;
  created_at: string;
  updated_at: string;
}

/** Creates a project with a unique slug derived from its name; `nameFromPlan`: the name is provisional (see nameFromPlan). */
export async function insertProject(
  db: D1Database,
  userId: string,
  name: string,
  options: { nameFromPlan?: boolean } = {},
): Promise<ProjectRow> {
  const base = slugify(name);
  for (let attempt = 0; attempt < 8; attempt++) {
    const slug = slugCandidate(base, attempt);
    try {
      const row = await db
        .prepare(
          "INSERT INTO projects (id, user_id, name, slug, preview_key, name_from_plan) VALUES (?, ?, ?, ?, ?, ?) RETURNING *",
        )
        .bind(crypto.randomUUID(), userId, name, slug, newPreviewKey(), options.nameFromPlan ? 1 : 0)
        .first<ProjectRow>();
      if (row) return row;
    } catch (err) {
      if (!String(err).includes("UNIQUE constraint failed: projects.slug")) throw err;
    }
  }
  throw new Error(`could not find a free slug for "${name}"`);
}

/** 80 random bits as 20 hex digits: the secret in the project's preview hosts. */
export function newPreviewKey(): string {
  return [...crypto.getRandomValues(new Uint8Array(10))].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** Gives the project a new preview key, so every preview link handed out so far stops working. */
export async function rotatePreviewKey(db: D1Database, userId: string, id: string): Promise<ProjectRow | null> {
  return db
    .prepare(
      "UPDATE projects SET preview_key = ?, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ? AND user_id = ? RETURNING *",
    )
    .bind(newPreviewKey(), id, userId)
    .first<ProjectRow>();
}

export async function listProjects(db: D1Database, userId: string): Promise<ProjectRow[]> {
  const { results } = await db
    .prepare("SELECT * FROM projects WHERE user_id = ? ORDER BY created_at DESC, id")
    .bind(userId)
    .all<ProjectRow>();
  return results;
}

/** The project by id, whoever owns it: for work already authorised (a run of the project's own agent). */
export async function findProject(db: D1Database, id: string): Promise<ProjectRow | null> {
  return db.prepare("SELECT * FROM projects WHERE id = ?").bind(id).first<ProjectRow>();
}

/** Whether the database answers a query at all (the health check). */
export async function pingDatabase(db: D1Database): Promise<void> {
  await db.prepare("SELECT 1 AS one").first("one");
}

/** The project if it exists and belongs to this user; another user's project reads as missing. */
export async function findOwnedProject(db: D1Database, userId: string, id: string): Promise<ProjectRow | null> {
  return db.prepare("SELECT * FROM projects WHERE id = ? AND user_id = ?").bind(id, userId).first<ProjectRow>();
}

export async function renameProject(
  db: D1Database,
  userId: string,
  id: string,
  name: string,
): Promise<ProjectRow | null> {
  return db
    .prepare(
      "UPDATE projects SET name = ?, name_from_plan = 0, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ? AND user_id = ? RETURNING *",
    )
    .bind(name, id, userId)
    .first<ProjectRow>();
}

/**
 * Names a project after its plan's title, with a slug made from that, but only while nothing can
 * depend on the slug yet: its name came from its description (never one its owner gave it), and it
 * has no version and no custom domain. Returns the renamed row, or null when it keeps its name.
 */
export async function nameFromPlan(db: D1Database, id: string, title: string): Promise<ProjectRow | null> {
  const name = title.trim().slice(0, 100);
  if (!name) return null;
  const base = slugify(name);
  for (let attempt = 0; attempt < 8; attempt++) {
    try {
      return await db
        .prepare(
          `UPDATE projects SET name = ?, slug = ?, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
           WHERE id = ? AND name_from_plan = 1 AND production_version_id IS NULL
             AND NOT EXISTS (SELECT 1 FROM project_versions v WHERE v.project_id = projects.id)
             AND NOT EXISTS (SELECT 1 FROM custom_domains d WHERE d.project_id = projects.id)
           RETURNING *`,
        )
        .bind(name, slugCandidate(base, attempt), id)
        .first<ProjectRow>();
    } catch (err) {
      if (!String(err).includes("UNIQUE constraint failed: projects.slug")) throw err;
    }
  }
  return null;
}

/** Deletes the project's rows (conversation, versions, secrets) in one transaction; false when there was nothing to delete. */
export async function deleteProject(db: D1Database, userId: string, id: string): Promise<boolean> {
  const owned = "SELECT id FROM projects WHERE id = ? AND user_id = ?";
  const results = await db.batch([
    db.prepare(`DELETE FROM chat_messages WHERE project_id IN (${owned})`).bind(id, userId),
    db.prepare(`DELETE FROM project_versions WHERE project_id IN (${owned})`).bind(id, userId),
    db.prepare(`DELETE FROM app_secrets WHERE project_id IN (${owned})`).bind(id, userId),
    db.prepare(`DELETE FROM project_files WHERE project_id IN (${owned})`).bind(id, userId),
    db.prepare(`DELETE FROM custom_domains WHERE project_id IN (${owned})`).bind(id, userId),
    db.prepare("DELETE FROM projects WHERE id = ? AND user_id = ?").bind(id, userId),
  ]);
  return (results.at(-1)?.meta.changes ?? 0) > 0;
}
