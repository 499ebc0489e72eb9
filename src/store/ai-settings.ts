/** A user's own model settings; the API key is stored encrypted (see ai/config.ts). */

export interface SettingsRow {
  provider: string;
  model: string | null;
  base_url: string | null;
  account_id: string | null;
  encrypted_key: string | null;
  transcript: string | null;
}

export async function userSettings(db: D1Database, userId: string): Promise<SettingsRow | null> {
  return db
    .prepare(
      "SELECT provider, model, base_url, account_id, encrypted_key, transcript FROM user_ai_settings WHERE user_id = ?",
    )
    .bind(userId)
    .first<SettingsRow>();
}

/** Replaces the user's settings with these. */
export async function saveUserSettings(db: D1Database, userId: string, row: SettingsRow): Promise<void> {
  await db
    .prepare(
      "INSERT INTO user_ai_settings (user_id, provider, model, base_url, account_id, encrypted_key, transcript) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (user_id) DO UPDATE SET provider = excluded.provider, model = excluded.model, base_url = excluded.base_url, account_id = excluded.account_id, encrypted_key = excluded.encrypted_key, transcript = excluded.transcript, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')",
    )
    .bind(userId, row.provider, row.model, row.base_url, row.account_id, row.encrypted_key, row.transcript)
    .run();
}
