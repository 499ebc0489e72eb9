import { assetKey } from "../artifact";

/**
 * Asset bytes by content hash. Content-addressed blobs never change, so a bounded in-memory
 * cache per isolate is always correct and saves an R2 read on hot files.
 */
const cache = new Map<string, ArrayBuffer>();
let cachedBytes = 0;
const CACHE_BYTES = 64 * 1024 * 1024;
const LARGEST_CACHED = 2 * 1024 * 1024;

export async function readAssetBlob(bucket: R2Bucket, projectId: string, hash: string): Promise<ArrayBuffer | null> {
  const key = assetKey(projectId, hash);
  const hit = cache.get(key);
  if (hit) return hit;
  const obj = await bucket.get(key);
  if (!obj) return null;
  const bytes = await obj.arrayBuffer();
  if (bytes.byteLength <= LARGEST_CACHED) {
    cache.set(key, bytes);
    cachedBytes += bytes.byteLength;
    for (const [k, v] of cache) {
      if (cachedBytes <= CACHE_BYTES) break;
      cache.delete(k);
      cachedBytes -= v.byteLength;
    }
  }
  // Hand out a copy: a Response body transfers (detaches) its buffer.
  return bytes.slice(0);
}

export function forgetBlobs(projectId: string) {
  for (const [k, v] of cache) {
    if (k.startsWith(`apps/${projectId}/`)) {
      cache.delete(k);
      cachedBytes -= v.byteLength;
    }
  }
}
