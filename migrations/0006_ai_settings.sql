-- Each user's model settings. The API key is stored encrypted (AES-GCM) and never returned.
CREATE TABLE user_ai_settings (
  user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  provider TEXT NOT NULL,
  model TEXT,
  base_url TEXT,
  account_id TEXT,
  encrypted_key TEXT,
  -- A recorded model transcript to replay (only honoured where ALLOW_REPLAY_PROVIDER is set: tests, demos).
  transcript TEXT,
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
