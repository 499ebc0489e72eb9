/** Projects whose teardown is still going on (migrations/0013_pending_teardowns.sql). */

export async function recordTeardown(db: D1Database, projectId: string, now = Date.now()): Promise<void> {
  await db
    .prepare("INSERT INTO pending_teardowns (project_id, started_at) VALUES (?, ?) ON CONFLICT (project_id) DO NOTHING")
    .bind(projectId, now)
    .run();
}

export async function endTeardownRecord(db: D1Database, projectId: string): Promise<void> {
  await db.prepare("DELETE FROM pending_teardowns WHERE project_id = ?").bind(projectId).run();
}

/** Teardowns started before `before`, oldest first: by then each should long have ended. */
export async function teardownsStartedBefore(db: D1Database, before: number, limit: number): Promise<string[]> {
  const { results } = await db
    .prepare("SELECT project_id FROM pending_teardowns WHERE started_at < ? ORDER BY started_at LIMIT ?")
    .bind(before, limit)
    .all<{ project_id: string }>();
  return results.map((r) => r.project_id);
}
