-- Deleted projects whose files are still being removed in the background (hosting/teardown.ts):
-- a row from just before the first deletion until the last. The nightly run restarts any whose
-- alarms gave up, so nothing of a deleted project is left behind. No reference to projects: the
-- project's own row goes early in the teardown, this one at its end.
CREATE TABLE pending_teardowns (
  project_id TEXT PRIMARY KEY,
  started_at INTEGER NOT NULL
);
