import type { StoredPassword } from "../security/password";
import type { ProjectRow } from "./projects";

/** The server API's callers name users and projects by their own ids; these map them to Kiln's. */

/** The Kiln user for the caller's user id, made on first use with a password nobody knows. */
export async function kilnUserFor(
  db: D1Database,
  externalId: string,
  lockedPassword: () => Promise<StoredPassword>,
): Promise<string> {
  const find = () =>
    db.prepare("SELECT user_id FROM external_users WHERE external_id = ?").bind(externalId).first<string>("user_id");
  const found = await find();
  if (found) return found;
  const id = crypto.randomUUID();
  const locked = await lockedPassword();
  // Two first requests at once: both insert a user, one mapping wins, and both answer with it.
  await db.batch([
    db
      .prepare("INSERT INTO users (id, email, password_hash, salt) VALUES (?, ?, ?, ?)")
      .bind(id, `${id}@external.kiln.invalid`, locked.hash, locked.salt),
    db.prepare("INSERT OR IGNORE INTO external_users (external_id, user_id) VALUES (?, ?)").bind(externalId, id),
  ]);
  return (await find())!;
}

export async function findExternalProject(
  db: D1Database,
  externalUserId: string,
  externalProjectId: string,
): Promise<ProjectRow | null> {
  return db
    .prepare(
      "SELECT p.* FROM external_projects e JOIN projects p ON p.id = e.project_id WHERE e.external_user_id = ? AND e.external_project_id = ?",
    )
    .bind(externalUserId, externalProjectId)
    .first<ProjectRow>();
}

export async function linkExternalProject(
  db: D1Database,
  externalUserId: string,
  externalProjectId: string,
  projectId: string,
): Promise<void> {
  await db
    .prepare("INSERT INTO external_projects (external_user_id, external_project_id, project_id) VALUES (?, ?, ?)")
    .bind(externalUserId, externalProjectId, projectId)
    .run();
}
