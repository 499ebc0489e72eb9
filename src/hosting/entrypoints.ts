import { WorkerEntrypoint } from "cloudflare:workers";
import type { Env } from "../env";
import { readArtifact, storagePrefix } from "./artifact";
import { readAssetBlob } from "./blobs";
import { isBlockedDestination } from "./egress";
import { decodeAssetPath, serveAsset } from "./serve-assets";

/**
 * RPC bindings handed to app isolates. Each is created by the platform with props naming the
 * app (and version); an app cannot choose its props, so it can only ever reach its own data.
 */

interface AppProps {
  projectId: string;
}

/** R2 for one app: every key lives under `apps/<projectId>/storage/`. */
export class AppStorage extends WorkerEntrypoint<Env, AppProps> {
  private key(key: unknown): string {
    if (typeof key !== "string" || key.length === 0 || key.length > 1024) throw new Error("STORAGE: keys are non-empty strings of at most 1024 characters");
    return storagePrefix(this.ctx.props.projectId) + key;
  }

  private meta(obj: R2Object) {
    const prefix = storagePrefix(this.ctx.props.projectId);
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

  async head(key: string) {
    const obj = await this.env.CODE.head(this.key(key));
    return obj ? this.meta(obj) : null;
  }

  async get(key: string, options?: { range?: R2Range }) {
    const obj = await this.env.CODE.get(this.key(key), options?.range ? { range: options.range } : undefined);
    return obj ? { meta: this.meta(obj), bytes: await obj.arrayBuffer() } : null;
  }

  async put(key: string, bytes: ArrayBuffer, options?: { httpMetadata?: R2HTTPMetadata; customMetadata?: Record<string, string> }) {
    const obj = await this.env.CODE.put(this.key(key), bytes, options);
    return this.meta(obj!);
  }

  async delete(keys: string | string[]) {
    await this.env.CODE.delete(Array.isArray(keys) ? keys.map((k) => this.key(k)) : this.key(keys));
  }

  async list(options: { prefix?: string; cursor?: string; limit?: number; delimiter?: string; startAfter?: string } = {}) {
    const base = storagePrefix(this.ctx.props.projectId);
    const res = await this.env.CODE.list({
      prefix: base + (options.prefix ?? ""),
      cursor: options.cursor,
      limit: options.limit,
      delimiter: options.delimiter,
      startAfter: options.startAfter ? base + options.startAfter : undefined,
      include: ["httpMetadata", "customMetadata"],
    });
    return {
      objects: res.objects.map((o) => this.meta(o)),
      truncated: res.truncated,
      cursor: res.truncated ? res.cursor : undefined,
      delimitedPrefixes: res.delimitedPrefixes.map((p) => p.slice(base.length)),
    };
  }
}

/** The app's `env.ASSETS`: its own version's static files, with the same rules as direct requests. */
export class AppAssets extends WorkerEntrypoint<Env, AppProps & { versionId: string }> {
  override async fetch(request: Request): Promise<Response> {
    const { projectId, versionId } = this.ctx.props;
    const artifact = await readArtifact(this.env.CODE, projectId, versionId);
    if (!artifact) return new Response("Not found", { status: 404 });
    const path = decodeAssetPath(new URL(request.url).pathname);
    if (path === null) return new Response("Bad request: the path has a malformed %-escape, so it names no file.", { status: 400 });
    const res = await serveAsset(request, path, artifact, (hash) => readAssetBlob(this.env.CODE, projectId, hash), { basePath: "", fallback: true });
    return res ?? new Response("Not found", { status: 404 });
  }
}

/** Every outbound fetch() of an app passes here: the platform's own hosts are off limits. */
export class Egress extends WorkerEntrypoint<Env, AppProps> {
  override async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    if (isBlockedDestination(url, this.env)) {
      return new Response(`Kiln's egress policy blocks requests from apps to ${url.hostname}: apps may not reach the platform or private networks.`, {
        status: 403,
        headers: { "x-kiln-egress": "blocked" },
      });
    }
    return fetch(request);
  }
}
