import type { Env } from "../env";
import { writeAppEnv } from "../store/app-secrets";
import { appHost } from "./current-host";
import { forgetRoutes } from "./serving/routes";

/**
 * Sets (or, with null, deletes) one of an app's variables or secrets (a secret's value comes
 * sealed) and hands the change to the host where apps run: the next request of every version,
 * preview and production alike, sees it. False when there was nothing to delete.
 */
export async function writeAppVariable(
  env: Env,
  projectId: string,
  name: string,
  entry: { value: string; secret: boolean } | null,
): Promise<boolean> {
  const changed = await writeAppEnv(env.DB, projectId, name, entry);
  if (!changed) return false;
  forgetRoutes(projectId);
  await appHost(env).variablesChanged(projectId);
  return true;
}
