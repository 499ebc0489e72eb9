import type { Env } from "../env";
import { latestDeployedVersion } from "../store/versions";

/**
 * The edge pointer of the latest preview: `{latestVersionId, previewUrl, timestamp}` per user and project in KV,
 * read first by the UI; D1 (project_versions) is the source of truth behind it.
 */
export interface LatestPointer {
  latestVersionId: string;
  previewUrl: string | null;
  timestamp: number;
}

const TTL_SECONDS = 90 * 24 * 60 * 60;
const key = (userId: string, projectId: string) => `latest:${userId}:${projectId}`;

export async function writePointer(
  kv: KVNamespace,
  userId: string,
  projectId: string,
  pointer: Omit<LatestPointer, "timestamp">,
) {
  await kv.put(key(userId, projectId), JSON.stringify({ ...pointer, timestamp: Date.now() }), {
    expirationTtl: TTL_SECONDS,
  });
}

export async function readPointer(
  env: Pick<Env, "KV" | "DB">,
  userId: string,
  projectId: string,
): Promise<(LatestPointer & { from: "kv" | "d1" }) | null> {
  const cached = await env.KV.get<LatestPointer>(key(userId, projectId), "json");
  if (cached) return { ...cached, from: "kv" };
  // The same "newest deployed version" the live preview host shows.
  const row = await latestDeployedVersion(env.DB, projectId);
  return row && row.user_id === userId
    ? {
        latestVersionId: row.version_id,
        previewUrl: row.preview_url,
        timestamp: Date.parse(row.created_at),
        from: "d1",
      }
    : null;
}

export async function deletePointer(kv: KVNamespace, userId: string, projectId: string) {
  await kv.delete(key(userId, projectId));
}
