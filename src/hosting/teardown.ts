import type { Env } from "../env";
import type { ProjectRow } from "../store/projects";
import { deleteProject } from "../store/projects";
import { endTeardownRecord } from "../store/teardowns";
import { appPrefix, forgetArtifacts } from "./artifact";
import { forgetBlobs } from "./serving/blobs";
import { appHost } from "./current-host";
import { removeProjectDomains } from "./domains/domains";
import { meteredEnv, newMeter, type OperationMeter } from "./operation-meter";
import { deletePointer } from "./pointer";
import { deleteHostRoute, forgetRoutes } from "./serving/routes";

/**
 * Deleting a project: its routes and custom domains, its rows in D1, its databases, its KV
 * pointer and everything under its prefix in R2 (code, assets, sources, storage).
 *
 * A large project (thousands of files, hundreds of versions) may need more than Cloudflare's
 * 1,000 subrequests per invocation, so the work is a job in steps, run in metered batches. The
 * job is recorded in a Durable Object before anything is deleted; the request runs the first
 * batch, and whatever is left continues in the object's alarms, one batch (one fresh invocation)
 * each. Every step is idempotent and what is left of the files is simply what R2 still lists
 * under the prefix, so an invocation that dies half-way loses nothing: the next one starts over
 * from the step it was on.
 */

export type TeardownStep = "routes" | "rows" | "databases" | "files" | "done";

export interface TeardownJob {
  projectId: string;
  slug: string;
  userId: string;
  step: TeardownStep;
  startedAt: number;
  /** R2 objects deleted so far. */
  objectsDeleted: number;
  /** Invocations the teardown has taken. */
  batches: number;
  /** What the last batch cost (operators and tests read it). */
  lastBatch?: OperationMeter;
  /** The most any batch has cost. */
  maxBatch?: number;
  /** A batch starts more work only below this many operations (default BATCH_BUDGET; tests lower it). */
  budget?: number;
}

/**
 * A batch starts another step or page only below this many operations. One page costs two (a
 * list of up to 1,000 keys and one delete of them) and the routes step a few per custom domain,
 * so a batch ends far below 1,000, leaving the request it runs in room for its own look-ups.
 */
export const BATCH_BUDGET = 400;
/** Each of a project's four databases is one call to its Durable Object. */
const DATABASES = 4;

export function newTeardownJob(project: Pick<ProjectRow, "id" | "slug" | "user_id">, now = Date.now()): TeardownJob {
  return {
    projectId: project.id,
    slug: project.slug,
    userId: project.user_id,
    step: "routes",
    startedAt: now,
    objectsDeleted: 0,
    batches: 0,
  };
}

/** One batch of a teardown: changes `job` in place and says whether the project is gone. */
export async function runTeardownBatch(
  env: Env,
  job: TeardownJob,
  meter: OperationMeter = newMeter(),
): Promise<{ done: boolean; meter: OperationMeter }> {
  const metered = meteredEnv(env, meter);
  const budget = job.budget ?? BATCH_BUDGET;
  job.batches++;
  const spent = () => meter.total >= budget;
  try {
    while (job.step !== "done") {
      // The rows always go in the batch that removed the routes: the project leaves its owner's view at once.
      if (spent() && job.step !== "rows") return { done: false, meter };
      if (job.step === "routes") {
        // Custom domains leave Cloudflare (where they have a certificate) and the host map.
        await removeProjectDomains(metered, job.projectId);
        // Only while the slug is still this project's: once the rows are gone another project may take it.
        if ((await metered.KV.get(`host:${job.slug}`)) === job.projectId) await deleteHostRoute(metered.KV, job.slug);
        job.step = "rows";
      } else if (job.step === "rows") {
        // One batch of statements, however many versions, messages and files the project has.
        await deleteProject(metered.DB, job.userId, job.projectId);
        job.step = "databases";
      } else if (job.step === "databases") {
        await appHost(env).forget(job.projectId);
        meter.total += DATABASES;
        await deletePointer(metered.KV, job.userId, job.projectId);
        job.step = "files";
      } else {
        // What is left is what R2 still lists: always the first page, as the pages before it are gone.
        const page = await metered.CODE.list({ prefix: appPrefix(job.projectId), limit: 1000 });
        if (page.objects.length > 0) {
          await metered.CODE.delete(page.objects.map((o) => o.key));
          job.objectsDeleted += page.objects.length;
        }
        if (!page.truncated) {
          await endTeardownRecord(metered.DB, job.projectId);
          job.step = "done";
        }
      }
    }
  } finally {
    job.lastBatch = { ...meter };
    job.maxBatch = Math.max(job.maxBatch ?? 0, meter.total);
  }
  forgetArtifacts(job.projectId);
  forgetBlobs(job.projectId);
  forgetRoutes(job.projectId);
  return { done: true, meter };
}
