-- Hosting: per-user API tokens for the deploy API, immutable app versions, and per-app secrets.

CREATE TABLE api_tokens (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  -- SHA-256 of the token; the token itself is shown once and never stored.
  token_hash TEXT NOT NULL UNIQUE,
  prefix TEXT NOT NULL,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  last_used_at TEXT
);
CREATE INDEX api_tokens_by_user ON api_tokens (user_id, created_at DESC);

-- One row per version (the versions table of the server API, adapted). A version is immutable once deployed.
CREATE TABLE project_versions (
  version_id TEXT PRIMARY KEY,                  -- ULID
  user_id TEXT NOT NULL,
  project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  prompt TEXT,
  parent_version_id TEXT,
  preview_url TEXT,
  artifact_key TEXT,                             -- R2 key of the version's artifact (code, asset manifest, config)
  framework TEXT,
  source TEXT NOT NULL DEFAULT 'deploy-api',     -- deploy-api | build | generation | rollback
  build_duration_ms INTEGER,
  output_size_bytes INTEGER,
  model_output TEXT,                             -- JSON: model transcript summary and metrics
  status TEXT NOT NULL DEFAULT 'building' CHECK (status IN ('building', 'deployed', 'failed')),
  error TEXT,
  needs_rebuild INTEGER NOT NULL DEFAULT 0,
  base_snapshot_id TEXT,
  pinned INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX project_versions_by_user_project ON project_versions (user_id, project_id);
CREATE INDEX project_versions_by_project_version ON project_versions (project_id, version_id);
CREATE INDEX project_versions_by_user_project_created ON project_versions (user_id, project_id, created_at DESC);

ALTER TABLE projects ADD COLUMN production_version_id TEXT;

-- Secrets handed to an app's Worker (JWT_SECRET is generated per app).
CREATE TABLE app_secrets (
  project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (project_id, name)
);
