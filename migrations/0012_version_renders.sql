-- What a version's page did in the workspace's preview: "rendered" or "failed", with the error in
-- words and where (the app's file and line, mapped through the version's source maps) as JSON.
-- The newest report of a version wins: a page is code and data, so it can fail once and render later.
CREATE TABLE version_renders (
  version_id TEXT PRIMARY KEY REFERENCES project_versions(version_id) ON DELETE CASCADE,
  project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  status TEXT NOT NULL CHECK (status IN ('rendered', 'failed')),
  error TEXT,
  -- The repair run a failed render of a generation's version started (at most one per version).
  repair_run_id TEXT,
  reported_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX version_renders_by_project ON version_renders(project_id);
