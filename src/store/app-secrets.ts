import { randomHex } from "../security/password";

/** Secrets an app's Worker sees in its env. Every app gets its own JWT_SECRET on first deploy. */
export async function appSecrets(db: D1Database, projectId: string): Promise<Record<string, string>> {
  const { results } = await db.prepare("SELECT name, value FROM app_secrets WHERE project_id = ?").bind(projectId).all<{ name: string; value: string }>();
  const secrets = Object.fromEntries(results.map((r) => [r.name, r.value]));
  if (!secrets.JWT_SECRET) {
    const generated = randomHex(32);
    await db.prepare("INSERT OR IGNORE INTO app_secrets (project_id, name, value) VALUES (?, 'JWT_SECRET', ?)").bind(projectId, generated).run();
    // Another request may have won the race; read back whatever is stored.
    secrets.JWT_SECRET = (await db.prepare("SELECT value FROM app_secrets WHERE project_id = ? AND name = 'JWT_SECRET'").bind(projectId).first<string>("value"))!;
  }
  return secrets;
}
