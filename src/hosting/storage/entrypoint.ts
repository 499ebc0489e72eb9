import { WorkerEntrypoint } from "cloudflare:workers";
import type { Env } from "../../env";
import {
  storageAreaPrefix,
  storageDelete,
  storageGet,
  storageHead,
  storageList,
  storagePut,
  type ListOptions,
  type PutOptions,
  type StorageArea,
} from "./operations";

/**
 * The app's `env.STORAGE` in apps that run in this isolate's Worker Loader, an RPC binding the
 * platform creates with props naming the app (an app cannot choose its props, so it can only ever
 * reach its own data): R2 under the app's own prefix (operations.ts). Every method here is
 * callable by the app, so there are no others.
 */
export class AppStorage extends WorkerEntrypoint<Env, { projectId: string; area: StorageArea }> {
  head(key: string) {
    return storageHead(this.env.CODE, storageAreaPrefix(this.ctx.props.projectId, this.ctx.props.area), key);
  }

  get(key: string, options?: { range?: R2Range }) {
    return storageGet(
      this.env.CODE,
      storageAreaPrefix(this.ctx.props.projectId, this.ctx.props.area),
      key,
      options?.range,
    );
  }

  put(key: string, bytes: ArrayBuffer, options?: PutOptions) {
    return storagePut(
      this.env.CODE,
      storageAreaPrefix(this.ctx.props.projectId, this.ctx.props.area),
      key,
      bytes,
      options,
    );
  }

  delete(keys: string | string[]) {
    return storageDelete(this.env.CODE, storageAreaPrefix(this.ctx.props.projectId, this.ctx.props.area), keys);
  }

  list(options?: ListOptions) {
    return storageList(this.env.CODE, storageAreaPrefix(this.ctx.props.projectId, this.ctx.props.area), options);
  }
}
