/**
 * Production is a pointer to one version (projects.production_version_id); publishing moves it and
 * stamps the version, in one batch so that the two never disagree.
 */
export async function setProductionVersion(
  db: D1Database,
  projectId: string,
  versionId: string,
  url: string | null,
): Promise<void> {
  await db.batch([
    db
      .prepare(
        "UPDATE projects SET production_version_id = ?, status = 'deployed', deployed_url = ?, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?",
      )
      .bind(versionId, url, projectId),
    db
      .prepare("UPDATE project_versions SET published_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE version_id = ?")
      .bind(versionId),
  ]);
}
