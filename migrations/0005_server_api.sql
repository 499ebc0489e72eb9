-- The signed server API: other products' user and project identifiers mapped to Kiln's, and the
-- events its rate caps count.
CREATE TABLE external_users (
  external_id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL UNIQUE REFERENCES users(id) ON DELETE CASCADE
);

CREATE TABLE external_projects (
  external_user_id TEXT NOT NULL,
  external_project_id TEXT NOT NULL,
  project_id TEXT NOT NULL UNIQUE REFERENCES projects(id) ON DELETE CASCADE,
  PRIMARY KEY (external_user_id, external_project_id)
);

CREATE TABLE rate_events (
  bucket TEXT NOT NULL,
  at INTEGER NOT NULL -- Unix milliseconds
);
CREATE INDEX rate_events_by_bucket ON rate_events (bucket, at);
