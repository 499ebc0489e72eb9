import { appPrefix, assetKey } from "./artifact";

/** Up to this many hashes are checked one by one; past it, listing the project's assets costs less. */
const HEAD_AT_MOST = 50;

/**
 * Which of `hashes` a project already stores. One R2 operation per hash would pass Cloudflare's
 * 1,000 subrequests per invocation for a large manifest (20,000 files are accepted), so many
 * hashes are checked by listing the project's assets instead: one operation per 1,000 stored.
 */
export async function storedAssetHashes(bucket: R2Bucket, projectId: string, hashes: string[]): Promise<Set<string>> {
  const unique = [...new Set(hashes)];
  if (unique.length <= HEAD_AT_MOST) {
    const heads = await Promise.all(unique.map((h) => bucket.head(assetKey(projectId, h))));
    return new Set(unique.filter((_, i) => heads[i]));
  }
  const wanted = new Set(unique);
  const found = new Set<string>();
  const prefix = `${appPrefix(projectId)}assets/`;
  let cursor: string | undefined;
  do {
    const page = await bucket.list({ prefix, cursor, limit: 1000 });
    for (const o of page.objects) {
      const hash = o.key.slice(prefix.length);
      if (wanted.has(hash)) found.add(hash);
    }
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor && found.size < wanted.size);
  return found;
}
