import { numberSetting, type Env } from "../env";
import type { AppDatabase, Outcome, QueryResult, SqlStatement } from "./database/app-database";
import type { AppEnvironment } from "./app-environment";
import type { Migration, VersionArtifact } from "./artifact";
import type { AppWorkerCode, AppWorkerSpec } from "./loader/worker-code";

/**
 * Where apps run: the one seam between the platform and the machinery that executes app code
 * and holds app data. Two hosts implement it:
 * - in-process (in-process-host.ts): the Worker Loader in the platform's own isolate and one
 *   SQLite Durable Object per app database. On Cloudflare the Worker Loader enforces each app's
 *   CPU and subrequest limits and isolates share no thread, so this is the production host.
 * - sandbox (sandbox/host.ts): local workerd enforces no limits and runs every isolate on one
 *   thread, so `npm start` runs each app in a workerd process of its own, watched by a supervisor
 *   that stops a process which overruns its CPU or memory (cli/sandbox).
 * The platform never touches the Worker Loader or an app database but through this interface;
 * current-host.ts picks the host.
 */
export interface AppHost {
  /** The Worker of a deployed version, in one environment (its database), with its vars and secrets. */
  versionWorker(artifact: VersionArtifact, environment: AppEnvironment, envRevision: number): AppFetcher;
  /** Code that is not a deployed version (the deploy probe, the smoke run), until it is disposed. */
  oneOffWorker(spec: AppWorkerSpec, code: AppWorkerCode): Promise<OneOffWorker>;
  /**
   * Makes a new version's code runnable here, before the version counts as deployed. Today's hosts
   * load a version's code from its artifact on its first request, so they have nothing to do; a
   * host that uploads scripts (Workers for Platforms) uploads it here.
   */
  deployVersion(artifact: VersionArtifact): Promise<void>;
  /** One app database. */
  database(projectId: string, environment: AppEnvironment): AppDatabaseClient;
  /** Replaces one of an app's databases with a copy of another (a rollback checks old code on a copy of production). */
  copyDatabase(projectId: string, from: AppEnvironment, to: AppEnvironment): Promise<void>;
  /**
   * The app's variables or secrets changed (they are stored already, with a new revision). Today's
   * hosts read them whenever they load an isolate, whose id carries the revision, so they have
   * nothing to do; a host that keeps them with the deployed script sets them here.
   */
  variablesChanged(projectId: string): Promise<void>;
  /** Drops whatever the host keeps for a project that is being deleted (its databases included). */
  forget(projectId: string): Promise<void>;
}

export interface AppFetcher {
  fetch(request: Request): Promise<Response>;
}

export interface OneOffWorker extends AppFetcher {
  dispose(): Promise<void>;
}

/** AppDatabase's methods, as any host offers them (always asynchronous). */
export type AppDatabaseClient = {
  [K in "query" | "exec" | "applyMigrations" | "appliedMigrations" | "dump" | "restore" | "destroy" | "stats"]: (
    ...args: Parameters<AppDatabase[K]>
  ) => Promise<Awaited<ReturnType<AppDatabase[K]>>>;
};

export type { Migration, Outcome, QueryResult, SqlStatement };

/** A copy made the portable way: a dump of one database restored into the other. */
export async function copyByDump(
  host: Pick<AppHost, "database">,
  projectId: string,
  from: AppEnvironment,
  to: AppEnvironment,
): Promise<void> {
  await host.database(projectId, to).restore(await host.database(projectId, from).dump());
}

/** The bindings and limits of a deployed version's Worker. */
export function versionSpec(
  env: Pick<Env, "APP_CPU_MS" | "APP_SUBREQUESTS">,
  artifact: Pick<VersionArtifact, "projectId" | "versionId">,
  environment: AppEnvironment,
): AppWorkerSpec {
  return {
    projectId: artifact.projectId,
    database: environment,
    storage: "app",
    assetsVersion: artifact.versionId,
    network: true,
    cpuMs: numberSetting(env.APP_CPU_MS, 1000),
    subRequests: numberSetting(env.APP_SUBREQUESTS, 50),
  };
}

/**
 * The isolate id of a deployed version: the same id always means the same code and bindings, so
 * it names the environment (whose database differs) and the revision of the app's variables and
 * secrets (a change makes the next request load a fresh isolate with the new values).
 */
export function versionRef(
  artifact: Pick<VersionArtifact, "projectId" | "versionId">,
  environment: AppEnvironment,
  envRevision: number,
): string {
  return `v:${artifact.projectId}:${artifact.versionId}:${environment}:${envRevision}`;
}

export function parseVersionRef(
  ref: string,
): { projectId: string; versionId: string; environment: AppEnvironment; envRevision: number } | null {
  const m = /^v:([^:]+):([^:]+):(production|preview|scratch|check):(\d+)$/.exec(ref);
  return m
    ? { projectId: m[1]!, versionId: m[2]!, environment: m[3] as AppEnvironment, envRevision: Number(m[4]) }
    : null;
}
