-- What model calls cost, and what a user allows them to cost.
-- One row per model call, written as the call ends. `cost_usd` is null when the model's prices are
-- not known (neither Kiln's table in src/ai/prices.ts nor the user's own prices cover it).
-- `project_id` has no foreign key: a deleted project's spending still counts towards its month.
CREATE TABLE model_usage (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  project_id TEXT NOT NULL,
  run_id TEXT,
  model TEXT NOT NULL,
  input_tokens INTEGER NOT NULL,
  output_tokens INTEGER NOT NULL,
  model_ms INTEGER NOT NULL,
  cost_usd REAL,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX model_usage_by_user_month ON model_usage(user_id, created_at);

-- A user's monthly budget (null: none) and their own prices, in US dollars per million tokens,
-- for models whose prices Kiln does not know (or to replace Kiln's).
CREATE TABLE user_budgets (
  user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  monthly_budget_usd REAL,
  input_usd_per_mtok REAL,
  output_usd_per_mtok REAL,
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

-- 1 while a project's name came from its description rather than from its owner: the first plan
-- names it (and its slug) as long as it has no version and no custom domain yet.
ALTER TABLE projects ADD COLUMN name_from_plan INTEGER NOT NULL DEFAULT 0;
