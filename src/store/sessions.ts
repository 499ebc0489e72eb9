import { randomHex } from "../security/password";

/** Builder log-in sessions (migrations/0008_sessions.sql). Times are Unix milliseconds. */
export interface SessionRow {
  id: string;
  user_id: string;
  created_at: number;
  last_used_at: number;
  expires_at: number;
  user_agent: string | null;
}

/** How stale last_used_at may get before a request refreshes it: one write per session per interval, not per request. */
export const TOUCH_INTERVAL_MS = 5 * 60_000;

export async function createSession(
  db: D1Database,
  userId: string,
  ttlMs: number,
  userAgent: string | null,
  now = Date.now(),
): Promise<SessionRow> {
  const row: SessionRow = {
    id: randomHex(16),
    user_id: userId,
    created_at: now,
    last_used_at: now,
    expires_at: now + ttlMs,
    user_agent: userAgent?.slice(0, 300) || null,
  };
  await db.batch([
    db
      .prepare(
        "INSERT INTO sessions (id, user_id, created_at, last_used_at, expires_at, user_agent) VALUES (?, ?, ?, ?, ?, ?)",
      )
      .bind(row.id, row.user_id, row.created_at, row.last_used_at, row.expires_at, row.user_agent),
    // The user's expired sessions are of no further use.
    db.prepare("DELETE FROM sessions WHERE user_id = ? AND expires_at <= ?").bind(userId, now),
  ]);
  return row;
}

/**
 * The live session with its account, or null when it was ended, has expired or its account is
 * gone: one indexed read per authenticated request.
 */
export async function liveSession(
  db: D1Database,
  id: string,
  now = Date.now(),
): Promise<{ session: SessionRow; email: string } | null> {
  const row = await db
    .prepare(
      "SELECT s.*, u.email AS email FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = ? AND s.expires_at > ?",
    )
    .bind(id, now)
    .first<SessionRow & { email: string }>();
  if (!row) return null;
  const { email, ...session } = row;
  return { session, email };
}

export async function touchSession(db: D1Database, id: string, now = Date.now()): Promise<void> {
  await db.prepare("UPDATE sessions SET last_used_at = ? WHERE id = ?").bind(now, id).run();
}

export async function listSessions(db: D1Database, userId: string, now = Date.now()): Promise<SessionRow[]> {
  const { results } = await db
    .prepare("SELECT * FROM sessions WHERE user_id = ? AND expires_at > ? ORDER BY last_used_at DESC")
    .bind(userId, now)
    .all<SessionRow>();
  return results;
}

/** Ends one of the user's sessions; false when there was no such session. */
export async function endSession(db: D1Database, userId: string, id: string): Promise<boolean> {
  const res = await db.prepare("DELETE FROM sessions WHERE id = ? AND user_id = ?").bind(id, userId).run();
  return res.meta.changes > 0;
}

/** Ends every session of the user; returns how many there were. */
export async function endAllSessions(db: D1Database, userId: string): Promise<number> {
  const res = await db.prepare("DELETE FROM sessions WHERE user_id = ?").bind(userId).run();
  return res.meta.changes;
}
