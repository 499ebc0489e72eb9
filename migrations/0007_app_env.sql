-- Variables and secrets the user sets for an app's Worker. Variables can be read back; secrets
-- are write-only. Changing either bumps env_revision so the next request loads a fresh isolate.
ALTER TABLE app_secrets ADD COLUMN secret INTEGER NOT NULL DEFAULT 1;
ALTER TABLE app_secrets ADD COLUMN updated_at TEXT;
ALTER TABLE projects ADD COLUMN env_revision INTEGER NOT NULL DEFAULT 0;
