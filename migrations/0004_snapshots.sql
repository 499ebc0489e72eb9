-- Production database snapshots, taken before any migration runs on production, so that code
-- and data can be rolled back together.
CREATE TABLE db_snapshots (
  id TEXT PRIMARY KEY,                          -- ULID
  project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  version_id TEXT NOT NULL,                     -- the version whose publish took it
  before_migration TEXT NOT NULL,               -- the first migration applied after it
  applied_migrations TEXT NOT NULL,             -- JSON: migrations already applied when it was taken
  r2_key TEXT NOT NULL,
  size_bytes INTEGER NOT NULL,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX db_snapshots_by_project ON db_snapshots (project_id, created_at DESC);

ALTER TABLE project_versions ADD COLUMN published_at TEXT;
