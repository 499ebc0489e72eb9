import type { AppEnvironment } from "../app-environment";
import type { ModuleType, ServerModule } from "../artifact";

/**
 * What an app isolate is made of, in a form that travels as JSON: the platform writes it, and
 * whichever host runs apps (the Worker Loader in this isolate, or a sandbox process) turns it into
 * Worker Loader code with bindings of its own.
 */

/** Which bindings and limits an app isolate gets. Hosts create the bindings; the app never chooses. */
export interface AppWorkerSpec {
  projectId: string;
  /** Whose database `env.DB` opens; null: no database. */
  database: AppEnvironment | null;
  /** `env.STORAGE`: the app's own storage, the smoke run's throwaway storage, or none. */
  storage: "app" | "smoke" | null;
  /** The version whose static files `env.ASSETS` serves; null: no ASSETS binding. */
  assetsVersion: string | null;
  /** Whether outbound fetch() is allowed at all (it always passes the egress policy). */
  network: boolean;
  cpuMs: number;
  subRequests: number;
}

/** The modules and plain values of an app isolate. */
export interface AppWorkerCode {
  compatibilityDate: string;
  compatibilityFlags: string[];
  mainModule: string;
  modules: Record<string, ServerModule>;
  /** Variables and secrets, as `env.NAME` strings. */
  vars: Record<string, string>;
}

/** The bindings a host made for one spec (RPC stubs of its own entrypoints). */
export interface AppBindings {
  db: unknown;
  storage: unknown;
  assets: unknown;
  outbound: Fetcher | null;
}

/** Worker Loader code for a spec, with the bindings the host made for it. */
export function loaderCode(spec: AppWorkerSpec, code: AppWorkerCode, bindings: AppBindings): WorkerLoaderWorkerCode {
  const env: Record<string, unknown> = { ...code.vars };
  if (spec.database) env.__KILN_DB = bindings.db;
  if (spec.storage) env.__KILN_STORAGE = bindings.storage;
  if (spec.assetsVersion) env.ASSETS = bindings.assets;
  const modules: WorkerLoaderWorkerCode["modules"] = {};
  for (const [name, mod] of Object.entries(code.modules)) modules[name] = loaderModule(mod.type, mod.content);
  return {
    compatibilityDate: code.compatibilityDate,
    compatibilityFlags: code.compatibilityFlags,
    mainModule: code.mainModule,
    modules,
    env,
    globalOutbound: spec.network ? bindings.outbound : null,
    limits: { cpuMs: spec.cpuMs, subRequests: spec.subRequests },
  };
}

function loaderModule(type: ModuleType, content: string): WorkerLoaderModule {
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
