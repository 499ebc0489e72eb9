import { numberSetting, type Env } from "../env";
import { appSecrets } from "../store/app-secrets";
import type { ModuleType, VersionArtifact } from "./artifact";
import { GUARD_MODULE, guardModuleSource } from "./cpu-guard";
import d1Source from "src/hosting/guest/d1.js";
import mainSource from "src/hosting/guest/main.js";
import r2Source from "src/hosting/guest/r2.js";

export type AppEnvironment = "production" | "preview" | "scratch";

/** Platform-internal module names inside an app isolate; apps may not ship modules with these names. */
export const RESERVED_MODULES = ["__kiln_main.js", "__kiln_d1.js", "__kiln_r2.js", GUARD_MODULE];

/**
 * The app's Worker for one version and environment, in its own isolate. The loader id is
 * `<projectId>:<versionId>` (plus `:preview` or `:scratch` for the other environments, whose
 * database binding differs), and `@<n>` once the app's variables or secrets have changed n times:
 * the same id always means the same code and bindings.
 */
export function appWorker(env: Env, exports: Cloudflare.Exports, artifact: VersionArtifact, environment: AppEnvironment, envRevision = 0): Fetcher {
  const id = `${artifact.projectId}:${artifact.versionId}${environment === "production" ? "" : `:${environment}`}${envRevision ? `@${envRevision}` : ""}`;
  // The code callback runs only when no warm isolate exists, so secrets are read once per load.
  const stub = env.LOADER.get(id, async () => workerCode(env, exports, artifact, environment, await appSecrets(env.DB, artifact.projectId, env.PLATFORM_JWT_SECRET)));
  return stub.getEntrypoint();
}

function workerCode(env: Env, exports: Cloudflare.Exports, artifact: VersionArtifact, environment: AppEnvironment, secrets: Record<string, string>): WorkerLoaderWorkerCode {
  const server = artifact.server!;
  const { projectId, versionId } = artifact;
  const modules: WorkerLoaderWorkerCode["modules"] = {
    "__kiln_main.js": mainSource.replace(`from "__KILN_ENTRY__"`, `from "./${server.entrypoint}"`),
    "__kiln_d1.js": d1Source,
    "__kiln_r2.js": r2Source,
    [GUARD_MODULE]: guardModuleSource(numberSetting(env.APP_CPU_MS, 1000)),
  };
  for (const [name, mod] of Object.entries(server.modules)) modules[name] = toLoaderModule(mod.type, mod.content);
  return {
    compatibilityDate: server.compatibilityDate,
    compatibilityFlags: server.compatibilityFlags,
    mainModule: "__kiln_main.js",
    modules,
    env: {
      ...artifact.vars,
      ...secrets,
      __KILN_DB: exports.AppDb({ props: { projectId, environment } }),
      __KILN_STORAGE: exports.AppStorage({ props: { projectId } }),
      ASSETS: exports.AppAssets({ props: { projectId, versionId } }),
    },
    globalOutbound: exports.Egress({ props: { projectId } }),
    limits: { cpuMs: numberSetting(env.APP_CPU_MS, 1000), subRequests: numberSetting(env.APP_SUBREQUESTS, 50) },
  };
}

function toLoaderModule(type: ModuleType, content: string): WorkerLoaderModule {
  switch (type) {
    case "js":
      return { js: content };
    case "cjs":
      return { cjs: content };
    case "text":
      return { text: content };
    case "json":
      return { json: JSON.parse(content) };
    case "data":
      return { data: Uint8Array.from(atob(content), (c) => c.charCodeAt(0)).buffer };
  }
}
