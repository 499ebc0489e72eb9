import type { Env } from "../env";
import { writeHostRoute } from "../hosting/serving/routes";
import { insertProject, type ProjectRow } from "../store/projects";
import { writeFiles } from "../store/sources";
import templateFiles from "../../dist/templates/react-app.js";

/**
 * A new project, made the same way by the builder API, the server API and the deploy API: its row
 * (with a unique slug from its name), the route of its host, and, for projects built in Kiln, the
 * app template as its first sources (a deploy API project gets its files from its deploys).
 */
export async function createProject(
  env: Env,
  userId: string,
  name: string,
  options: { template: boolean; nameFromPlan?: boolean },
): Promise<ProjectRow> {
  const row = await insertProject(env.DB, userId, name, { nameFromPlan: options.nameFromPlan });
  await writeHostRoute(env.KV, row.slug, row.id);
  if (options.template) await writeFiles(env.DB, env.CODE, row.id, templateFiles);
  return row;
}
