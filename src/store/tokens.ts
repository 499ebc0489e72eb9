import { sha256Hex } from "../security/hash";

/** Per-user API tokens for the deploy API. Only a SHA-256 of each token is stored. */

export interface TokenRow {
  id: string;
  user_id: string;
  name: string;
  prefix: string;
  created_at: string;
  last_used_at: string | null;
}

const TOKEN_PREFIX = "kiln_";

export async function createToken(
  db: D1Database,
  userId: string,
  name: string,
): Promise<{ token: string; row: TokenRow }> {
  const secret = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
  const token = `${TOKEN_PREFIX}${secret}`;
  const row = await db
    .prepare(
      "INSERT INTO api_tokens (id, user_id, name, token_hash, prefix) VALUES (?, ?, ?, ?, ?) RETURNING id, user_id, name, prefix, created_at, last_used_at",
    )
    .bind(crypto.randomUUID(), userId, name, await sha256Hex(token), token.slice(0, TOKEN_PREFIX.length + 6))
    .first<TokenRow>();
  return { token, row: row! };
}

export async function listTokens(db: D1Database, userId: string): Promise<TokenRow[]> {
  const { results } = await db
    .prepare(
      "SELECT id, user_id, name, prefix, created_at, last_used_at FROM api_tokens WHERE user_id = ? ORDER BY created_at DESC",
    )
    .bind(userId)
    .all<TokenRow>();
  return results;
}

export async function revokeToken(db: D1Database, userId: string, id: string): Promise<boolean> {
  const res = await db.prepare("DELETE FROM api_tokens WHERE id = ? AND user_id = ?").bind(id, userId).run();
  return res.meta.changes > 0;
}

/** The token's owner, or null; records when the token was last used. */
export async function userForToken(db: D1Database, token: string): Promise<{ id: string; email: string } | null> {
  if (!token.startsWith(TOKEN_PREFIX)) return null;
  const hash = await sha256Hex(token);
  const user = await db
    .prepare("SELECT u.id, u.email FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = ?")
    .bind(hash)
    .first<{ id: string; email: string }>();
  if (user)
    await db
      .prepare("UPDATE api_tokens SET last_used_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE token_hash = ?")
      .bind(hash)
      .run();
  return user;
}
