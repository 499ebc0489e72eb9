import { WorkerEntrypoint } from "cloudflare:workers";
import type { Env } from "../../env";
import { egressFetch } from "./egress";

/** Every outbound fetch() of an app passes here: the platform's own hosts are off limits. */
export class Egress extends WorkerEntrypoint<Env, { projectId: string }> {
  override fetch(request: Request): Promise<Response> {
    // The Worker Loader's own limits.subRequests counts requests on Cloudflare.
    return egressFetch(request, this.env, () => {});
  }
}
