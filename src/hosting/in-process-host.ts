import type { Env } from "../env";
import { appSecrets } from "../store/app-secrets";
import { openingKeys } from "../security/secret-box";
import { appCode } from "./loader/app-code";
import { appDatabase } from "./database/app-db";
import { copyByDump, versionRef, versionSpec, type AppDatabaseClient, type AppHost } from "./app-host";
import { loaderCode, type AppBindings, type AppWorkerSpec } from "./loader/worker-code";

/**
 * Apps in this isolate's Worker Loader, databases in SQLite Durable Objects of this Worker: the
 * host on Cloudflare, where the Worker Loader enforces each isolate's CPU and subrequest limits.
 * (Local workerd enforces none of them: `kiln start` uses the sandbox host instead.)
 */
export function inProcessHost(env: Env, exports?: Cloudflare.Exports): AppHost {
  const bindings = (spec: AppWorkerSpec): AppBindings => {
    if (!exports) throw new Error("Running app code in-process needs the platform's ctx.exports.");
    const { projectId } = spec;
    return {
      db: spec.database ? exports.AppDb({ props: { projectId, environment: spec.database } }) : undefined,
      storage: spec.storage ? exports.AppStorage({ props: { projectId, area: spec.storage } }) : undefined,
      assets: spec.assetsVersion
        ? exports.AppAssets({ props: { projectId, versionId: spec.assetsVersion } })
        : undefined,
      outbound: exports.Egress({ props: { projectId } }),
    };
  };
  const host: AppHost = {
    versionWorker(artifact, environment, envRevision) {
      const spec = versionSpec(env, artifact, environment);
      // The code callback runs only when no warm isolate has this id, so secrets are read once per load.
      const stub = env.LOADER.get(versionRef(artifact, environment, envRevision), async () => {
        const secrets = await appSecrets(env.DB, artifact.projectId, openingKeys(env));
        return loaderCode(spec, appCode(artifact.server!, { ...artifact.vars, ...secrets }), bindings(spec));
      });
      return stub.getEntrypoint();
    },
    async oneOffWorker(spec, code) {
      const worker = env.LOADER.load(loaderCode(spec, code, bindings(spec))).getEntrypoint();
      return { fetch: (request) => worker.fetch(request), dispose: async () => {} };
    },
    // The Worker Loader takes a version's code from its artifact when the version is first asked for.
    async deployVersion() {},
    database(projectId, environment): AppDatabaseClient {
      return appDatabase(env, projectId, environment) as unknown as AppDatabaseClient;
    },
    copyDatabase: (projectId, from, to) => copyByDump(host, projectId, from, to),
    // Isolates read variables and secrets when they load, and a change gives them a new id (versionRef).
    async variablesChanged() {},
    async forget(projectId) {
      await Promise.all(
        (["production", "preview", "scratch", "check"] as const).map((e) => appDatabase(env, projectId, e).destroy()),
      );
    },
  };
  return host;
}
