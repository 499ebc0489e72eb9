import type { Env } from "../env";
import type { ProjectRow } from "../store/projects";
import { appPrefix, forgetArtifacts } from "./artifact";
import { forgetBlobs } from "./serving/blobs";
import { appHost } from "./current-host";
import { removeProjectDomains } from "./domains/domains";
import { deleteHostRoute, forgetRoutes } from "./serving/routes";

/**
 * Removes everything a project owns outside the platform's own rows: its code, assets and
 * storage in R2, its databases, its routes and custom domains. Runs before the project's rows are deleted, so
 * an interrupted teardown can simply be run again.
 */
export async function teardownProject(env: Env, project: Pick<ProjectRow, "id" | "slug">): Promise<void> {
  let cursor: string | undefined;
  do {
    const page = await env.CODE.list({ prefix: appPrefix(project.id), cursor, limit: 1000 });
    if (page.objects.length > 0) await env.CODE.delete(page.objects.map((o) => o.key));
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);

  // Custom domains first: each leaves Cloudflare (where it has a certificate) and the host map.
  await removeProjectDomains(env, project.id);
  await appHost(env).forget(project.id);
  await deleteHostRoute(env.KV, project.slug);
  forgetArtifacts(project.id);
  forgetBlobs(project.id);
  forgetRoutes(project.id);
}
