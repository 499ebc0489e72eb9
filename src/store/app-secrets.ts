import { randomHex } from "../security/password";
import { openSecret, sealSecret } from "../security/secret-box";
import type { AppEnvEntry } from "./app-env-entry";

/** The secret Kiln generates for every app (its users' login tokens are signed with it). */
export const MANAGED_SECRET = "JWT_SECRET";

/** User-set secrets are stored sealed (AES-GCM under the platform secret, bound to project and name). */
const SEALED = "sealed:";
const PURPOSE = "app secrets";

export async function sealAppSecret(
  value: string,
  platformSecret: string,
  projectId: string,
  name: string,
): Promise<string> {
  return SEALED + (await sealSecret(value, platformSecret, PURPOSE, `${projectId}:${name}`));
}

/**
 * Secrets an app's Worker sees in its env, user-set variables included, sealed ones opened (which
 * needs the platform secret, or the keys of openingKeys() during a rotation). Every app gets its
 * own JWT_SECRET on first deploy.
 */
export async function appSecrets(
  db: D1Database,
  projectId: string,
  platformSecret?: string | readonly string[],
): Promise<Record<string, string>> {
  const keys = typeof platformSecret === "string" ? [platformSecret] : (platformSecret ?? []);
  const { results } = await db
    .prepare("SELECT name, value FROM app_secrets WHERE project_id = ?")
    .bind(projectId)
    .all<{ name: string; value: string }>();
  const secrets: Record<string, string> = {};
  for (const r of results) {
    if (!r.value.startsWith(SEALED)) secrets[r.name] = r.value;
    else if (keys.length)
      secrets[r.name] = await openSecret(r.value.slice(SEALED.length), keys, PURPOSE, `${projectId}:${r.name}`);
  }
  if (!secrets[MANAGED_SECRET]) {
    const generated = randomHex(32);
    await db
      .prepare("INSERT OR IGNORE INTO app_secrets (project_id, name, value) VALUES (?, ?, ?)")
      .bind(projectId, MANAGED_SECRET, generated)
      .run();
    // Another request may have won the race; read back whatever is stored.
    secrets[MANAGED_SECRET] = (await db
      .prepare("SELECT value FROM app_secrets WHERE project_id = ? AND name = ?")
      .bind(projectId, MANAGED_SECRET)
      .first<string>("value"))!;
  }
  return secrets;
}

export type { AppEnvEntry } from "./app-env-entry";

export async function listAppEnv(db: D1Database, projectId: string): Promise<AppEnvEntry[]> {
  const { results } = await db
    .prepare("SELECT name, value, secret, updated_at FROM app_secrets WHERE project_id = ? ORDER BY name")
    .bind(projectId)
    .all<{ name: string; value: string; secret: number; updated_at: string | null }>();
  return results.map((r) => ({
    name: r.name,
    secret: r.secret === 1,
    value: r.secret === 1 ? null : r.value,
    managed: r.name === MANAGED_SECRET,
    updatedAt: r.updated_at,
  }));
}

/** Sets or deletes (value null) one entry and bumps the project's env revision, in one batch. */
export async function writeAppEnv(
  db: D1Database,
  projectId: string,
  name: string,
  entry: { value: string; secret: boolean } | null,
): Promise<boolean> {
  const bump = db.prepare("UPDATE projects SET env_revision = env_revision + 1 WHERE id = ?").bind(projectId);
  if (entry === null) {
    const [deleted] = await db.batch([
      db.prepare("DELETE FROM app_secrets WHERE project_id = ? AND name = ?").bind(projectId, name),
      bump,
    ]);
    return (deleted!.meta.changes ?? 0) > 0;
  }
  await db.batch([
    db
      .prepare(
        "INSERT INTO app_secrets (project_id, name, value, secret, updated_at) VALUES (?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) ON CONFLICT (project_id, name) DO UPDATE SET value = excluded.value, secret = excluded.secret, updated_at = excluded.updated_at",
      )
      .bind(projectId, name, entry.value, entry.secret ? 1 : 0),
    bump,
  ]);
  return true;
}
