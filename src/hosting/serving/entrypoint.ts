import { WorkerEntrypoint } from "cloudflare:workers";
import type { Env } from "../../env";
import { readArtifact } from "../artifact";
import { readAssetBlob } from "./blobs";
import { decodeAssetPath, serveAsset } from "./serve-assets";

/**
 * The app's `env.ASSETS`: its own version's static files, with the same rules as direct requests.
 * The platform creates it with props naming the app and version (an app cannot choose its props);
 * every method here is callable by the app, so there are no others: helpers live in plain functions.
 */
export class AppAssets extends WorkerEntrypoint<Env, { projectId: string; versionId: string }> {
  override fetch(request: Request): Promise<Response> {
    return serveVersionAsset(this.env, this.ctx.props.projectId, this.ctx.props.versionId, request);
  }
}

/** One static file of a version, as `env.ASSETS.fetch()` answers it. */
export async function serveVersionAsset(
  env: Pick<Env, "CODE">,
  projectId: string,
  versionId: string,
  request: Request,
): Promise<Response> {
  const artifact = await readArtifact(env.CODE, projectId, versionId);
  if (!artifact) return new Response("Not found", { status: 404 });
  const path = decodeAssetPath(new URL(request.url).pathname);
  if (path === null)
    return new Response("Bad request: the path has a malformed %-escape, so it names no file.", { status: 400 });
  const res = await serveAsset(request, path, artifact, (hash) => readAssetBlob(env.CODE, projectId, hash), {
    basePath: "",
    fallback: true,
  });
  return res ?? new Response("Not found", { status: 404 });
}
