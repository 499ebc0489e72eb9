import { structuredPatch, createTwoFilesPatch } from "diff";
import { zipSync } from "fflate";
import { ApiError } from "../errors";
import { readBlob } from "../store/sources";
import { readArtifact } from "./artifact";

/** A version's source files, compared and exported. */

export async function versionSources(
  bucket: R2Bucket,
  projectId: string,
  versionId: string,
): Promise<Record<string, string>> {
  const artifact = await readArtifact(bucket, projectId, versionId);
  if (!artifact) throw new ApiError(404, "not_found", `Version ${versionId} has no stored files.`);
  if (!artifact.sources)
    throw new ApiError(
      409,
      "no_sources",
      `Version ${versionId} was deployed as built files through the deploy API, so Kiln has no sources to show for it.`,
    );
  return artifact.sources;
}

export interface FileChange {
  path: string;
  status: "added" | "removed" | "modified";
  additions: number;
  deletions: number;
}

export async function diffVersions(
  bucket: R2Bucket,
  projectId: string,
  a: string,
  b: string,
): Promise<{ changes: FileChange[]; patch: string }> {
  const [from, to] = await Promise.all([versionSources(bucket, projectId, a), versionSources(bucket, projectId, b)]);
  const paths = [...new Set([...Object.keys(from), ...Object.keys(to)])].filter((p) => from[p] !== to[p]).sort();
  const text = (hash: string | undefined) => (hash ? readBlob(bucket, projectId, hash) : Promise.resolve(""));
  const changes: FileChange[] = [];
  const patches: string[] = [];
  for (const path of paths) {
    const [before, after] = await Promise.all([text(from[path]), text(to[path])]);
    const hunks = structuredPatch(`a/${path}`, `b/${path}`, before, after).hunks;
    let additions = 0;
    let deletions = 0;
    for (const h of hunks)
      for (const line of h.lines) line.startsWith("+") ? additions++ : line.startsWith("-") && deletions++;
    changes.push({ path, status: !from[path] ? "added" : !to[path] ? "removed" : "modified", additions, deletions });
    patches.push(
      createTwoFilesPatch(
        from[path] ? `a/${path}` : "/dev/null",
        to[path] ? `b/${path}` : "/dev/null",
        before,
        after,
        a,
        b,
      ),
    );
  }
  return { changes, patch: patches.join("") };
}

/** The version's sources as a zip that builds with `vite build` and deploys with `wrangler deploy`. */
export async function zipVersion(
  bucket: R2Bucket,
  projectId: string,
  versionId: string,
  folder: string,
): Promise<Uint8Array> {
  const sources = await versionSources(bucket, projectId, versionId);
  const encoder = new TextEncoder();
  const entries = await Promise.all(
    Object.entries(sources).map(
      async ([path, hash]) => [`${folder}/${path}`, encoder.encode(await readBlob(bucket, projectId, hash))] as const,
    ),
  );
  return zipSync(Object.fromEntries(entries), { level: 6 });
}
