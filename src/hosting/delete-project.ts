import type { Env } from "../env";
import type { ProjectRow } from "../store/projects";
import { recordTeardown } from "../store/teardowns";
import { teardownRunner } from "./maintenance-run";
import { newMeter, type OperationMeter } from "./operation-meter";
import { newTeardownJob, runTeardownBatch, type TeardownJob } from "./teardown";

/**
 * Deleting a project from a request: the job is handed to its Durable Object (maintenance-run.ts)
 * before anything is deleted, the request runs the first batch (teardown.ts), and the object's
 * alarms run the rest.
 */

/** How long the request has to finish its batch before the object's alarm takes over anyway. */
const REQUEST_GRACE_MS = 60_000;

/**
 * Deletes a project everywhere, as far as one batch goes; what is left continues in the
 * background. Says whether everything is gone already. The project disappears from its owner's
 * lists within this batch (its rows go in the second step, right after its routes).
 */
export async function teardownProject(
  env: Env,
  project: Pick<ProjectRow, "id" | "slug" | "user_id">,
  meter: OperationMeter = newMeter(),
  budget?: number,
): Promise<{ done: boolean; job: TeardownJob }> {
  const job = { ...newTeardownJob(project), budget };
  const runner = teardownRunner(env, project.id);
  // Recorded before the first deletion: from here on a dead invocation is picked up by the alarm,
  // and alarms that gave up by the nightly run (pending_teardowns).
  await recordTeardown(env.DB, project.id);
  await runner.startTeardown(job, REQUEST_GRACE_MS);
  const { done } = await runTeardownBatch(env, job, meter);
  if (done) await runner.finishTeardown();
  else await runner.continueTeardown(job);
  return { done, job };
}
