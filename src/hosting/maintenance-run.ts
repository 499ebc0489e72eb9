import { DurableObject } from "cloudflare:workers";
import type { Env } from "../env";
import { finishMaintenance, newMaintenanceRun, runMaintenanceBatch, type MaintenanceRunState } from "./maintenance";
import { runTeardownBatch, type TeardownJob } from "./teardown";
import { endTeardownRecord, teardownsStartedBefore } from "../store/teardowns";

/** A teardown still recorded this long after it started has stopped (its alarms gave up). */
const STALE_TEARDOWN_MS = 60 * 60 * 1000;
/** Stale teardowns looked at per nightly run: two operations each, in an invocation of their own. */
const TEARDOWNS_PER_RUN = 100;

/**
 * Drives the platform's long background work one batch per alarm. Each alarm is an invocation of
 * its own, with its own 1,000-operation budget, so the work gets done however large it is (a
 * single invocation would stop at the same place every time). The nightly clean-up runs in the
 * object "nightly" (it reaches every project however many there are); each project's teardown in
 * an object of its own, "teardown:<project id>" (it deletes every file however many there are).
 */
export class MaintenanceRun extends DurableObject<Env> {
  /** Starts a run unless one is going; a run older than a day is taken as dead and restarted. */
  async start(now: number): Promise<boolean> {
    const current = await this.ctx.storage.get<MaintenanceRunState>("run");
    if (current && now - current.now < 24 * 60 * 60 * 1000) return false;
    await this.ctx.storage.put("run", newMaintenanceRun(now));
    await this.ctx.storage.setAlarm(Date.now());
    return true;
  }

  /** The run in progress, if any (for tests and operators). */
  async current(): Promise<MaintenanceRunState | null> {
    return (await this.ctx.storage.get<MaintenanceRunState>("run")) ?? null;
  }

  /** Records a teardown before its first deletion; the alarm takes over after `graceMs` unless told otherwise. */
  async startTeardown(job: TeardownJob, graceMs: number): Promise<void> {
    await this.ctx.storage.put("teardown", job);
    await this.ctx.storage.setAlarm(Date.now() + graceMs);
  }

  /** The request's batch left work: the alarm continues from where it stopped, now. */
  async continueTeardown(job: TeardownJob): Promise<void> {
    await this.ctx.storage.put("teardown", job);
    await this.ctx.storage.setAlarm(Date.now());
  }

  async finishTeardown(): Promise<void> {
    await this.ctx.storage.delete("teardown");
    await this.ctx.storage.deleteAlarm();
  }

  /**
   * The nightly run's look at a teardown that should long have ended: one whose alarm is no
   * longer set (Cloudflare stops retrying a failing alarm after a few tries) starts again now.
   */
  async resumeTeardown(): Promise<"running" | "resumed" | "gone"> {
    if (!(await this.ctx.storage.get<TeardownJob>("teardown"))) return "gone";
    if ((await this.ctx.storage.getAlarm()) !== null) return "running";
    await this.ctx.storage.setAlarm(Date.now());
    return "resumed";
  }

  /** The teardown in progress, if any (for tests and operators). */
  async currentTeardown(): Promise<TeardownJob | null> {
    return (await this.ctx.storage.get<TeardownJob>("teardown")) ?? null;
  }

  override async alarm(): Promise<void> {
    const job = await this.ctx.storage.get<TeardownJob>("teardown");
    if (job) return this.teardownBatch(job);
    const run = await this.ctx.storage.get<MaintenanceRunState>("run");
    if (!run) return;
    if (!run.teardownsChecked) {
      await this.resumeStaleTeardowns(run);
      run.teardownsChecked = true;
      await this.ctx.storage.put("run", run);
      await this.ctx.storage.setAlarm(Date.now());
      return;
    }
    const { done, meter } = await runMaintenanceBatch(this.env, run);
    console.log(
      "maintenance batch",
      JSON.stringify({ batch: run.report.batches, projects: run.report.projects, operations: meter }),
    );
    if (done) {
      await finishMaintenance(this.env, run);
      await this.ctx.storage.delete("run");
      const { repaired, problems, ...counts } = run.report;
      console.log(
        "maintenance done",
        JSON.stringify({ ...counts, repaired: repaired.length, problems: problems.length }),
      );
      return;
    }
    await this.ctx.storage.put("run", run);
    await this.ctx.storage.setAlarm(Date.now());
  }

  /** Deleted projects whose teardown stopped part-way start again (their objects go on from their step). */
  private async resumeStaleTeardowns(run: MaintenanceRunState): Promise<void> {
    for (const projectId of await teardownsStartedBefore(this.env.DB, run.now - STALE_TEARDOWN_MS, TEARDOWNS_PER_RUN)) {
      const state = await teardownRunner(this.env, projectId).resumeTeardown();
      if (state === "resumed")
        run.report.repaired.push(`${projectId}: its deletion had stopped part-way; started again`);
      // Nothing to resume: the record outlived its job (an invocation died between the two).
      else if (state === "gone") await endTeardownRecord(this.env.DB, projectId);
    }
  }

  private async teardownBatch(job: TeardownJob): Promise<void> {
    let done = false;
    try {
      done = (await runTeardownBatch(this.env, job)).done;
    } finally {
      // Progress is kept even when the batch failed: the alarm is retried and goes on from there.
      console.log(
        "teardown batch",
        JSON.stringify({ project: job.projectId, step: job.step, batch: job.batches, operations: job.lastBatch }),
      );
      if (!done) await this.ctx.storage.put("teardown", job);
    }
    if (done) {
      await this.ctx.storage.delete("teardown");
      console.log(
        "teardown done",
        JSON.stringify({ project: job.projectId, objects: job.objectsDeleted, batches: job.batches }),
      );
      return;
    }
    await this.ctx.storage.setAlarm(Date.now());
  }
}

/** The one runner object of the nightly clean-up. */
export function maintenanceRunner(env: Pick<Env, "MAINTENANCE">) {
  const ns = env.MAINTENANCE as DurableObjectNamespace<MaintenanceRun>;
  return ns.get(ns.idFromName("nightly"));
}

/** The object that carries a project's teardown to its end. */
export function teardownRunner(env: Pick<Env, "MAINTENANCE">, projectId: string) {
  const ns = env.MAINTENANCE as DurableObjectNamespace<MaintenanceRun>;
  return ns.get(ns.idFromName(`teardown:${projectId}`));
}
