import type { Env } from "../env";
import type { AppDatabase } from "./app-database";
import type { AppEnvironment } from "./loader";

export type DatabaseEnvironment = AppEnvironment;

/** The AppDatabase namespace, typed (env.ts names no classes, so that nothing imports back into it). */
export function appDatabases(env: Pick<Env, "APP_DB">): DurableObjectNamespace<AppDatabase> {
  return env.APP_DB as DurableObjectNamespace<AppDatabase>;
}

/** The SQLite Durable Object holding one app's data in one environment. */
export function appDatabase(env: Pick<Env, "APP_DB">, projectId: string, environment: DatabaseEnvironment) {
  const ns = appDatabases(env);
  return ns.get(ns.idFromName(`${projectId}:${environment}`));
}
