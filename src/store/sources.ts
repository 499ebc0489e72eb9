import { ApiError } from "../errors";
import { sha256Hex } from "../security/hash";

/**
 * A project's source files. Each file's bytes are stored once per content hash in R2, so a
 * version (a path → hash manifest) costs only what changed.
 */

export const LIMITS = { files: 500, fileBytes: 1024 * 1024, totalBytes: 10 * 1024 * 1024 };

export interface SourceFile {
  path: string;
  hash: string;
  size: number;
}

export type SourceManifest = Record<string, string>; // path → hash

const blobKey = (projectId: string, hash: string) => `apps/${projectId}/src/${hash}`;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A safe relative path: no absolute paths, no `..`, no hidden control characters. */
export function checkPath(path: string): string {
  const clean = path.replace(/^\.?\/+/, "");
  if (
    !clean ||
    clean.length > 256 ||
    !/^[\w\-.@+/ ]+$/.test(clean) ||
    clean.split("/").some((seg) => seg === "" || seg === "." || seg === "..")
  ) {
    throw new ApiError(
      400,
      "invalid_path",
      `"${path.slice(0, 200)}" is not a valid file path: use a relative path like src/pages/Home.tsx (letters, digits, - _ . @ + and /, no "..").`,
    );
  }
  return clean;
}

export async function listFiles(db: D1Database, projectId: string): Promise<SourceFile[]> {
  const { results } = await db
    .prepare("SELECT path, hash, size FROM project_files WHERE project_id = ? ORDER BY path")
    .bind(projectId)
    .all<SourceFile>();
  return results;
}

export async function readFile(
  db: D1Database,
  bucket: R2Bucket,
  projectId: string,
  path: string,
): Promise<{ file: SourceFile; content: string } | null> {
  const file = await db
    .prepare("SELECT path, hash, size FROM project_files WHERE project_id = ? AND path = ?")
    .bind(projectId, path)
    .first<SourceFile>();
  if (!file) return null;
  const content = await readBlob(bucket, projectId, file.hash);
  return { file, content };
}

export async function readBlob(bucket: R2Bucket, projectId: string, hash: string): Promise<string> {
  const obj = await bucket.get(blobKey(projectId, hash));
  if (!obj) throw new Error(`source blob ${hash} of project ${projectId} is missing from storage`);
  return decoder.decode(await obj.arrayBuffer());
}

/** Stores contents and returns their hashes; identical contents are stored once. */
export async function storeBlobs(
  bucket: R2Bucket,
  projectId: string,
  contents: string[],
): Promise<{ hash: string; size: number }[]> {
  return Promise.all(
    contents.map(async (content) => {
      const bytes = encoder.encode(content);
      const hash = await sha256Hex(bytes);
      const key = blobKey(projectId, hash);
      if (!(await bucket.head(key)))
        await bucket.put(key, bytes, { httpMetadata: { contentType: "text/plain; charset=utf-8" } });
      return { hash, size: bytes.byteLength };
    }),
  );
}

/**
 * Writes several files at once (all or nothing for the working copy) and removes `deletions`.
 * Limits are checked against the resulting project before anything changes.
 */
export async function writeFiles(
  db: D1Database,
  bucket: R2Bucket,
  projectId: string,
  files: Record<string, string>,
  deletions: string[] = [],
): Promise<SourceFile[]> {
  const paths = Object.keys(files).map(checkPath);
  for (const [path, content] of Object.entries(files)) {
    if (encoder.encode(content).byteLength > LIMITS.fileBytes)
      throw new ApiError(
        413,
        "file_too_large",
        `${path} is larger than ${LIMITS.fileBytes} bytes; split it into smaller modules.`,
      );
  }
  const current = new Map((await listFiles(db, projectId)).map((f) => [f.path, f]));
  const stored = await storeBlobs(bucket, projectId, Object.values(files));
  const next = new Map(current);
  for (const d of deletions) next.delete(checkPath(d));
  paths.forEach((p, i) => next.set(p, { path: p, ...stored[i]! }));
  if (next.size > LIMITS.files)
    throw new ApiError(413, "too_many_files", `A project may have at most ${LIMITS.files} files.`);
  const total = [...next.values()].reduce((n, f) => n + f.size, 0);
  if (total > LIMITS.totalBytes)
    throw new ApiError(413, "project_too_large", `The project's sources would exceed ${LIMITS.totalBytes} bytes.`);

  const statements = [
    ...deletions.map((d) =>
      db.prepare("DELETE FROM project_files WHERE project_id = ? AND path = ?").bind(projectId, checkPath(d)),
    ),
    ...paths.map((p, i) =>
      db
        .prepare(
          "INSERT INTO project_files (project_id, path, hash, size) VALUES (?, ?, ?, ?) ON CONFLICT (project_id, path) DO UPDATE SET hash = excluded.hash, size = excluded.size, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')",
        )
        .bind(projectId, p, stored[i]!.hash, stored[i]!.size),
    ),
  ];
  if (statements.length > 0) await db.batch(statements);
  return paths.map((p, i) => ({ path: p, ...stored[i]! }));
}

export async function deleteFile(db: D1Database, projectId: string, path: string): Promise<boolean> {
  const res = await db
    .prepare("DELETE FROM project_files WHERE project_id = ? AND path = ?")
    .bind(projectId, checkPath(path))
    .run();
  return res.meta.changes > 0;
}

/** Every current file with its contents, for a build or a model prompt. */
export async function readAllFiles(
  db: D1Database,
  bucket: R2Bucket,
  projectId: string,
): Promise<Record<string, string>> {
  const files = await listFiles(db, projectId);
  const contents = await Promise.all(files.map((f) => readBlob(bucket, projectId, f.hash)));
  return Object.fromEntries(files.map((f, i) => [f.path, contents[i]!]));
}

/** The working copy as a manifest (what a version records). */
export async function currentManifest(db: D1Database, projectId: string): Promise<SourceManifest> {
  return Object.fromEntries((await listFiles(db, projectId)).map((f) => [f.path, f.hash]));
}
