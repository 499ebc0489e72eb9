import { buildApp, warmBuilderOnce, type BuildTimings } from "../builder";
import type { Env } from "../env";
import { readAllFiles } from "../store/sources";

/**
 * Warms the builder for one project, in the isolate where its builds run: its current sources
 * are built (not deployed, no SQL dry run) under the project's own cache key, so that esbuild
 * is initialised, Tailwind's compiler made, and the type checker holds this project's program;
 * the first real build is then an incremental one. A project without sources warms the
 * builder's cold parts only. Never throws.
 */
export async function warmProject(env: Env, projectId: string): Promise<BuildTimings | null> {
  try {
    const files = await readAllFiles(env.DB, env.CODE, projectId);
    if (Object.keys(files).length === 0) return await warmBuilderOnce(env.LOADER);
    return (await buildApp(files, { loader: env.LOADER, cacheKey: projectId })).timings;
  } catch {
    return null;
  }
}
