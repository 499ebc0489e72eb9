import { appPrefix } from "../artifact";

/**
 * An app's `env.STORAGE`: R2 under a prefix of the app's own, so a key can never name another
 * app's object. These are the operations behind the binding, as plain functions over the
 * platform's bucket: the AppStorage entrypoint calls them in this isolate, and the sandbox's
 * internal route calls them for apps that run in sandbox processes.
 */

/** Whose storage: the app's own, or the smoke run's throwaway area (deleted with the project). */
export type StorageArea = "app" | "smoke";

export function storageAreaPrefix(projectId: string, area: StorageArea): string {
  return area === "app" ? `${appPrefix(projectId)}storage/` : `${appPrefix(projectId)}smoke/storage/`;
}

/** What the app sees of an object (the guest's R2 shim turns it back into an R2Object). */
export interface StoredObjectMeta {
  key: string;
  version: string;
  size: number;
  etag: string;
  httpEtag: string;
  uploaded: string;
  httpMetadata?: R2HTTPMetadata;
  customMetadata?: Record<string, string>;
}

export interface ListOptions {
  prefix?: string;
  cursor?: string;
  limit?: number;
  delimiter?: string;
  startAfter?: string;
}

export interface PutOptions {
  httpMetadata?: R2HTTPMetadata;
  customMetadata?: Record<string, string>;
}

function fullKey(prefix: string, key: unknown): string {
  if (typeof key !== "string" || key.length === 0 || key.length > 1024)
    throw new Error("STORAGE: keys are non-empty strings of at most 1024 characters");
  return prefix + key;
}

function meta(prefix: string, obj: R2Object): StoredObjectMeta {
  return {
    key: obj.key.slice(prefix.length),
    version: obj.version,
    size: obj.size,
    etag: obj.etag,
    httpEtag: obj.httpEtag,
    uploaded: obj.uploaded.toISOString(),
    httpMetadata: obj.httpMetadata,
    customMetadata: obj.customMetadata,
  };
}

export async function storageHead(bucket: R2Bucket, prefix: string, key: unknown): Promise<StoredObjectMeta | null> {
  const obj = await bucket.head(fullKey(prefix, key));
  return obj ? meta(prefix, obj) : null;
}

export async function storageGet(
  bucket: R2Bucket,
  prefix: string,
  key: unknown,
  range?: R2Range,
): Promise<{ meta: StoredObjectMeta; bytes: ArrayBuffer } | null> {
  const obj = await bucket.get(fullKey(prefix, key), range ? { range } : undefined);
  return obj ? { meta: meta(prefix, obj), bytes: await obj.arrayBuffer() } : null;
}

export async function storagePut(
  bucket: R2Bucket,
  prefix: string,
  key: unknown,
  bytes: ArrayBuffer,
  options?: PutOptions,
): Promise<StoredObjectMeta> {
  const obj = await bucket.put(fullKey(prefix, key), bytes, {
    httpMetadata: options?.httpMetadata,
    customMetadata: options?.customMetadata,
  });
  return meta(prefix, obj!);
}

export async function storageDelete(bucket: R2Bucket, prefix: string, keys: unknown): Promise<void> {
  await bucket.delete(Array.isArray(keys) ? keys.map((k) => fullKey(prefix, k)) : fullKey(prefix, keys));
}

export async function storageList(bucket: R2Bucket, prefix: string, options: ListOptions = {}) {
  const res = await bucket.list({
    prefix: prefix + (typeof options.prefix === "string" ? options.prefix : ""),
    cursor: options.cursor,
    limit: options.limit,
    delimiter: options.delimiter,
    startAfter: typeof options.startAfter === "string" ? prefix + options.startAfter : undefined,
    include: ["httpMetadata", "customMetadata"],
  });
  return {
    objects: res.objects.map((o) => meta(prefix, o)),
    truncated: res.truncated,
    cursor: res.truncated ? res.cursor : undefined,
    delimitedPrefixes: res.delimitedPrefixes.map((p) => p.slice(prefix.length)),
  };
}
