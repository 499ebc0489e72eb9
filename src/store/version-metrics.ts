/** Records with a version the tokens and timings of the generation that made it (model_output). */
export async function recordVersionMetrics(db: D1Database, versionId: string, metrics: unknown): Promise<void> {
  await db
    .prepare("UPDATE project_versions SET model_output = ? WHERE version_id = ?")
    .bind(JSON.stringify(metrics), versionId)
    .run();
}
