-- Builder log-in sessions. Each session token (a signed JWT, sent as the HttpOnly cookie or as a
-- Bearer token) names one row here; deleting the row ends the session at once, everywhere.
-- Times are Unix milliseconds.
CREATE TABLE sessions (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  last_used_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  user_agent TEXT
);
CREATE INDEX sessions_by_user ON sessions (user_id, expires_at);
