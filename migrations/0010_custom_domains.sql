-- Custom domains: a hostname of the user's own (shop.example.org) that serves a project's
-- production version. A hostname belongs to at most one project. `provider` says who gives it
-- its route and certificate: "local" (a local install: active at once, no certificate) or
-- "cloudflare" (a custom hostname on the SaaS zone, whose id is provider_id). `records` are the
-- DNS records to show the user and `errors` the problems to show in words, both JSON arrays.
CREATE TABLE custom_domains (
  hostname TEXT PRIMARY KEY,
  project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  provider TEXT NOT NULL,
  provider_id TEXT,
  status TEXT NOT NULL DEFAULT 'pending',
  ssl_status TEXT NOT NULL DEFAULT 'pending',
  records TEXT NOT NULL DEFAULT '[]',
  errors TEXT NOT NULL DEFAULT '[]',
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  activated_at TEXT
);
CREATE INDEX custom_domains_by_project ON custom_domains(project_id);
