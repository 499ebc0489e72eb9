/** What each version's page did in the workspace's preview (migrations/0012_version_renders.sql). */

export interface RenderError {
  /** What failed: an uncaught error, a rejected promise, a file that did not load, a React render error, or nothing shown. */
  kind: "error" | "rejection" | "resource" | "render" | "blank";
  message: string;
  /** The app's own file and line (1-based), when the stack leads into its sources. */
  file: string | null;
  line: number | null;
  column: number | null;
  /** The stack with every position that the source maps know rewritten to file:line:column. */
  stack: string | null;
  componentStack: string | null;
  /** The page had rendered before this error (a click that threw, say): it is usable, not blank. */
  afterRender?: boolean;
}

export interface RenderResult {
  status: "rendered" | "failed";
  error: RenderError | null;
  reportedAt: string;
}

interface RenderRow {
  version_id: string;
  status: "rendered" | "failed";
  error: string | null;
  reported_at: string;
}

const toResult = (row: RenderRow): RenderResult => ({
  status: row.status,
  error: row.error ? (JSON.parse(row.error) as RenderError) : null,
  reportedAt: row.reported_at,
});

export async function recordRender(
  db: D1Database,
  projectId: string,
  versionId: string,
  status: RenderResult["status"],
  error: RenderError | null,
): Promise<RenderResult> {
  const row = await db
    .prepare(
      `INSERT INTO version_renders (version_id, project_id, status, error) VALUES (?, ?, ?, ?)
       ON CONFLICT (version_id) DO UPDATE SET status = excluded.status, error = excluded.error,
         reported_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
       RETURNING *`,
    )
    .bind(versionId, projectId, status, error ? JSON.stringify(error) : null)
    .first<RenderRow>();
  return toResult(row!);
}

/** The render results of these versions of a project (version id → result); versions never reported are absent. */
export async function rendersOf(
  db: D1Database,
  projectId: string,
  versionIds: string[],
): Promise<Map<string, RenderResult>> {
  const found = new Map<string, RenderResult>();
  if (versionIds.length === 0) return found;
  // The ids' range rather than each id: D1 binds at most 100 parameters, and a page holds up to 100.
  const sorted = [...versionIds].sort();
  const { results } = await db
    .prepare("SELECT * FROM version_renders WHERE project_id = ? AND version_id BETWEEN ? AND ?")
    .bind(projectId, sorted[0], sorted.at(-1))
    .all<RenderRow>();
  const wanted = new Set(versionIds);
  for (const row of results) if (wanted.has(row.version_id)) found.set(row.version_id, toResult(row));
  return found;
}

/** Claims a version's one automatic repair: true for the first caller only. */
export async function claimRenderRepair(db: D1Database, versionId: string): Promise<boolean> {
  const res = await db
    .prepare("UPDATE version_renders SET repair_run_id = '' WHERE version_id = ? AND repair_run_id IS NULL")
    .bind(versionId)
    .run();
  return res.meta.changes > 0;
}

export async function setRenderRepairRun(db: D1Database, versionId: string, runId: string): Promise<void> {
  await db.prepare("UPDATE version_renders SET repair_run_id = ? WHERE version_id = ?").bind(runId, versionId).run();
}
