import type { Env } from "../env";
import type { AppEnvironment } from "./loader";

export type DatabaseEnvironment = AppEnvironment;

/** The SQLite Durable Object holding one app's data in one environment. */
export function appDatabase(env: Pick<Env, "APP_DB">, projectId: string, environment: DatabaseEnvironment) {
  return env.APP_DB.get(env.APP_DB.idFromName(`${projectId}:${environment}`));
}
