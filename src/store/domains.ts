/** Custom domains of projects (migrations/0010_custom_domains.sql). Hostnames are stored lowercase, without a trailing dot. */

export type DomainStatus = "pending" | "active" | "failed";
export type SslStatus = "pending" | "active" | "failed" | "none";
export type DomainProviderName = "local" | "cloudflare";

/** A DNS record the domain's owner adds at their DNS provider. */
export interface DnsRecord {
  type: "CNAME" | "TXT";
  name: string;
  value: string;
  /** routing: sends the domain's traffic to Kiln; ownership: proves the domain is theirs; certificate: lets the certificate be issued. */
  purpose: "routing" | "ownership" | "certificate";
}

export interface DomainRow {
  hostname: string;
  project_id: string;
  provider: DomainProviderName;
  provider_id: string | null;
  status: DomainStatus;
  ssl_status: SslStatus;
  records: DnsRecord[];
  errors: string[];
  created_at: string;
  updated_at: string;
  activated_at: string | null;
}

interface RawRow extends Omit<DomainRow, "records" | "errors"> {
  records: string;
  errors: string;
}

const toRow = (raw: RawRow): DomainRow => ({
  ...raw,
  records: JSON.parse(raw.records) as DnsRecord[],
  errors: JSON.parse(raw.errors) as string[],
});

/** What a provider says about a domain: written over the stored state. */
export interface DomainState {
  provider_id: string | null;
  status: DomainStatus;
  ssl_status: SslStatus;
  records: DnsRecord[];
  errors: string[];
}

/** Adds a domain to a project; null when the hostname is already taken (by this project or another). */
export async function insertDomain(
  db: D1Database,
  projectId: string,
  hostname: string,
  provider: DomainProviderName,
): Promise<DomainRow | null> {
  const raw = await db
    .prepare(
      "INSERT INTO custom_domains (hostname, project_id, provider) VALUES (?, ?, ?) ON CONFLICT (hostname) DO NOTHING RETURNING *",
    )
    .bind(hostname, projectId, provider)
    .first<RawRow>();
  return raw && toRow(raw);
}

export async function findDomain(db: D1Database, hostname: string): Promise<DomainRow | null> {
  const raw = await db.prepare("SELECT * FROM custom_domains WHERE hostname = ?").bind(hostname).first<RawRow>();
  return raw && toRow(raw);
}

export async function listDomains(db: D1Database, projectId: string): Promise<DomainRow[]> {
  const { results } = await db
    .prepare("SELECT * FROM custom_domains WHERE project_id = ? ORDER BY created_at, hostname")
    .bind(projectId)
    .all<RawRow>();
  return results.map(toRow);
}

/** Records what the provider said; `activated_at` is set the first time the domain becomes active. */
export async function updateDomainState(
  db: D1Database,
  hostname: string,
  state: DomainState,
): Promise<DomainRow | null> {
  const raw = await db
    .prepare(
      `UPDATE custom_domains SET provider_id = ?, status = ?, ssl_status = ?, records = ?, errors = ?,
        activated_at = CASE WHEN ?2 = 'active' THEN coalesce(activated_at, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) ELSE activated_at END,
        updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
       WHERE hostname = ? RETURNING *`,
    )
    .bind(
      state.provider_id,
      state.status,
      state.ssl_status,
      JSON.stringify(state.records),
      JSON.stringify(state.errors),
      hostname,
    )
    .first<RawRow>();
  return raw && toRow(raw);
}

export async function deleteDomain(db: D1Database, hostname: string): Promise<boolean> {
  const res = await db.prepare("DELETE FROM custom_domains WHERE hostname = ?").bind(hostname).run();
  return res.meta.changes > 0;
}

/** The active domain a project's URLs show: the first one that became active. */
export async function primaryDomain(db: D1Database, projectId: string): Promise<string | null> {
  return db
    .prepare(
      "SELECT hostname FROM custom_domains WHERE project_id = ? AND status = 'active' ORDER BY activated_at, hostname LIMIT 1",
    )
    .bind(projectId)
    .first<string>("hostname");
}

/** The primary active domain of each of a user's projects that has one. */
export async function primaryDomainsOfUser(db: D1Database, userId: string): Promise<Map<string, string>> {
  const { results } = await db
    .prepare(
      `SELECT d.project_id, d.hostname FROM custom_domains d JOIN projects p ON p.id = d.project_id
       WHERE p.user_id = ? AND d.status = 'active' ORDER BY d.activated_at DESC, d.hostname DESC`,
    )
    .bind(userId)
    .all<{ project_id: string; hostname: string }>();
  // Later rows win, so walking newest-first leaves the first activated one per project.
  return new Map(results.map((r) => [r.project_id, r.hostname]));
}

export async function activeDomainsOf(db: D1Database, projectId: string): Promise<string[]> {
  const { results } = await db
    .prepare("SELECT hostname FROM custom_domains WHERE project_id = ? AND status = 'active'")
    .bind(projectId)
    .all<{ hostname: string }>();
  return results.map((r) => r.hostname);
}
