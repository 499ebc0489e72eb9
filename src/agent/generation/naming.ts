import { deleteHostRoute, forgetRoutes, writeHostRoute } from "../../hosting/serving/routes";
import { nameFromPlan } from "../../store/projects";
import type { Plan } from "../plan/types";
import type { Run } from "./run";

/**
 * A project started from a description is named by its first plan (and its slug with it), while
 * it has no version yet: nothing was ever served at the old host, so moving it loses nothing. The
 * run goes on with the renamed project, so its preview is made at the new host.
 */
export async function nameProjectFromPlan(run: Run, plan: Plan): Promise<void> {
  const { io } = run;
  if (!io.project.name_from_plan) return;
  const renamed = await nameFromPlan(io.env.DB, io.project.id, plan.title);
  if (!renamed) return;
  if (renamed.slug !== io.project.slug) {
    await writeHostRoute(io.env.KV, renamed.slug, renamed.id);
    await deleteHostRoute(io.env.KV, io.project.slug);
    forgetRoutes(renamed.id);
  }
  io.project = renamed;
}
