/**
 * A generation's render check, when a model is connected: the newest version a generation
 * deployed failed to render in the workspace's preview, so Kiln starts a repair run that gets the
 * error, as the repair loop does for a failed build.
 *
 * Why the report starts the run, rather than the generation waiting for the report after its
 * deploy: a run that waits depends on a browser tab staying open. If the person closes it (or
 * never looks), a waiting run either hangs on to the project's queue until a timeout or ends
 * without a verdict; and two open tabs would each answer it. Started by the report, nothing waits:
 * a closed tab simply sends no report (the check happens the next time the preview shows the
 * version), the run goes on in the project's agent even if the tab closes right after reporting,
 * and the claim on the version (once per version, in D1) keeps two tabs or a reload from starting
 * two repairs. One automatic round per change: a repair's own version is not repaired again on
 * its own (its prompt says what it was); "Try to fix" in the workspace can always ask again.
 */
import type { Env } from "../env";
import type { LocatedError } from "../hosting/render-report";
import { addChatMessage } from "../store/chat-messages";
import type { ProjectRow } from "../store/projects";
import { claimRenderRepair, setRenderRepairRun } from "../store/version-renders";
import { latestDeployedVersion, type VersionRow } from "../store/versions";
import { modelForUser } from "./model-for-user";
import { projectAgent } from "./project-agent";

export const RENDER_REPAIR_PREFIX = "Fix the error the preview showed";

/** The message the repair run gets: the error, the app's file and line, and the stack's first lines. */
export function renderRepairMessage(error: LocatedError): string {
  const place = error.file ? ` at ${error.file}${error.line ? `:${error.line}` : ""}` : "";
  const stack = (error.componentStack || error.stack || "").trim().split("\n").slice(0, 6).join("\n");
  return `${RENDER_REPAIR_PREFIX}${place}: ${error.message}${stack ? `\n\n${stack}` : ""}`;
}

/** Starts the repair run when it is due (see above); the run's id and message, or null. */
export async function startRenderRepair(
  env: Env,
  project: ProjectRow,
  userId: string,
  version: VersionRow,
  error: LocatedError & { afterRender?: boolean },
  origin: string,
): Promise<{ runId: string; message: string } | null> {
  if (version.source !== "generation" || error.afterRender) return null;
  if (version.prompt?.startsWith(RENDER_REPAIR_PREFIX)) return null;
  if ((await latestDeployedVersion(env.DB, project.id))?.version_id !== version.version_id) return null;
  if (!(await modelForUser(env, userId))) return null;
  const agent = await projectAgent(env, project.id);
  if (await agent.activeRun()) return null;
  if (!(await claimRenderRepair(env.DB, version.version_id))) return null;
  const message = renderRepairMessage(error);
  await addChatMessage(env.DB, project.id, "user", message);
  const { runId } = await agent.chat(project, { userId, message, origin });
  await setRenderRepairRun(env.DB, version.version_id, runId);
  return { runId, message };
}
