import { DurableObject } from "cloudflare:workers";
import type { Env } from "../env";
import { finishMaintenance, newMaintenanceRun, runMaintenanceBatch, type MaintenanceRunState } from "./maintenance";

/**
 * Drives the nightly clean-up one batch per alarm. Each alarm is an invocation of its own, with
 * its own 1,000-operation budget, so the run reaches every project however many there are (a
 * single cron invocation would stop at the same project every night). One object ("nightly").
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

  override async alarm(): Promise<void> {
    const run = await this.ctx.storage.get<MaintenanceRunState>("run");
    if (!run) return;
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
}

/** The one runner object. */
export function maintenanceRunner(env: Pick<Env, "MAINTENANCE">) {
  const ns = env.MAINTENANCE as DurableObjectNamespace<MaintenanceRun>;
  return ns.get(ns.idFromName("nightly"));
}
