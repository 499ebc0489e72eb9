import type { Env } from "../../env";
import type { AppDatabase } from "./app-database";
import type { AppEnvironment } from "../app-environment";

/** The AppDatabase namespace, typed (env.ts names no classes, so that nothing imports back into it). */
export function appDatabases(env: Pick<Env, "APP_DB">): DurableObjectNamespace<AppDatabase> {
  return env.APP_DB as DurableObjectNamespace<AppDatabase>;
}

/**
 * The SQLite Durable Object holding one app's data in one environment, in this Worker. The
 * platform reaches app databases through its AppHost (current-host.ts); this is what the
 * in-process host and the sandbox runner use underneath.
 */
export function appDatabase(env: Pick<Env, "APP_DB">, projectId: string, environment: AppEnvironment) {
  const ns = appDatabases(env);
  return ns.get(ns.idFromName(`${projectId}:${environment}`));
}
