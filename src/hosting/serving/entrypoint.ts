import { WorkerEntrypoint } from "cloudflare:workers";
import type { Env } from "../../env";
import { readArtifact } from "../artifact";
import { readAssetBlob } from "./blobs";
import { egressFetch } from "../network/egress";
import { decodeAssetPath, serveAsset } from "./serve-assets";
import { storageAreaPrefix, storageDelete, storageGet, storageHead, storageList, storagePut, type ListOptions, type PutOptions, type StorageArea } from "../storage/operations";

/**
 * RPC bindings handed to app isolates that run in this isolate's Worker Loader. Each is created by
 * the platform with props naming the app (and version); an app cannot choose its props, so it can
 * only ever reach its own data. Every method of these classes is callable by the app, so they have
 * no others: helpers live in plain functions.
 */

interface AppProps {
  projectId: string;
}

/** R2 for one app: every key lives under the app's own prefix (storage-ops.ts). */
export class AppStorage extends WorkerEntrypoint<Env, AppProps & { area: StorageArea }> {
  head(key: string) {
    return storageHead(this.env.CODE, storageAreaPrefix(this.ctx.props.projectId, this.ctx.props.area), key);
  }

  get(key: string, options?: { range?: R2Range }) {
    return storageGet(this.env.CODE, storageAreaPrefix(this.ctx.props.projectId, this.ctx.props.area), key, options?.range);
  }

  put(key: string, bytes: ArrayBuffer, options?: PutOptions) {
    return storagePut(this.env.CODE, storageAreaPrefix(this.ctx.props.projectId, this.ctx.props.area), key, bytes, options);
  }

  delete(keys: string | string[]) {
    return storageDelete(this.env.CODE, storageAreaPrefix(this.ctx.props.projectId, this.ctx.props.area), keys);
  }

  list(options?: ListOptions) {
    return storageList(this.env.CODE, storageAreaPrefix(this.ctx.props.projectId, this.ctx.props.area), options);
  }
}

/** The app's `env.ASSETS`: its own version's static files, with the same rules as direct requests. */
export class AppAssets extends WorkerEntrypoint<Env, AppProps & { versionId: string }> {
  override fetch(request: Request): Promise<Response> {
    return serveVersionAsset(this.env, this.ctx.props.projectId, this.ctx.props.versionId, request);
  }
}

/** Every outbound fetch() of an app passes here: the platform's own hosts are off limits. */
export class Egress extends WorkerEntrypoint<Env, AppProps> {
  override fetch(request: Request): Promise<Response> {
    // The Worker Loader's own limits.subRequests counts requests on Cloudflare.
    return egressFetch(request, this.env, () => {});
  }
}

/** One static file of a version, as `env.ASSETS.fetch()` answers it. */
export async function serveVersionAsset(env: Pick<Env, "CODE">, projectId: string, versionId: string, request: Request): Promise<Response> {
  const artifact = await readArtifact(env.CODE, projectId, versionId);
  if (!artifact) return new Response("Not found", { status: 404 });
  const path = decodeAssetPath(new URL(request.url).pathname);
  if (path === null) return new Response("Bad request: the path has a malformed %-escape, so it names no file.", { status: 400 });
  const res = await serveAsset(request, path, artifact, (hash) => readAssetBlob(env.CODE, projectId, hash), { basePath: "", fallback: true });
  return res ?? new Response("Not found", { status: 404 });
}
