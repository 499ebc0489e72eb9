import { Agent, getAgentByName } from "agents";
import { ApiError } from "../api/errors";
import { buildAndDeploy, type BuildDeployOptions, type BuildDeployResult } from "../build/deploy-build";
import type { Env } from "../env";
import { deployVersion, type DeployInput, type DeployResult } from "../hosting/deploy";
import { publish, rollback, type DataChoice, type PublishResult, type RollbackResult } from "../hosting/publish";
import type { ProjectRow } from "../store/projects";

/** What crosses the RPC boundary: an ApiError keeps its status and code this way. */
type Outcome<T> = { ok: true; value: T } | { ok: false; error: { status: number; code: string; message: string; details?: unknown } };

/**
 * One Durable Object per project. Everything that changes what a project serves — builds,
 * publishes, rollbacks and (later) generations — runs here one at a time, in arrival order, so
 * two requests for the same project can never interleave (seed 004's dedup key userId:projectId,
 * without a queue server).
 */
export class ProjectAgent extends Agent<Cloudflare.Env> {
  private tail: Promise<unknown> = Promise.resolve();
  private recovered = false;

  /**
   * Every build and deploy of this project runs inside this object, so when a fresh instance
   * starts, anything still marked "building" was cut off by a crash or restart: end it as failed.
   */
  private async recover() {
    if (this.recovered) return;
    this.recovered = true;
    await this.env.DB.prepare("UPDATE project_versions SET status = 'failed', error = 'Interrupted: the platform stopped while this version was being built. Nothing of it was deployed.' WHERE project_id = ? AND status = 'building'")
      .bind(this.name)
      .run();
  }

  /** Runs `work` after everything queued before it, whatever became of that. */
  private exclusive<T>(work: () => Promise<T>): Promise<Outcome<T>> {
    const first = this.recover();
    const run = this.tail.then(() => first).then(work, work);
    this.tail = run.catch(() => undefined);
    return run.then(
      (value) => ({ ok: true as const, value }),
      (err) => {
        if (err instanceof ApiError) return { ok: false as const, error: { status: err.status, code: err.code, message: err.message, details: err.details } };
        throw err;
      },
    );
  }

  private get exports() {
    return (this.ctx as DurableObjectState & { exports: Cloudflare.Exports }).exports;
  }

  /** Ends interrupted work, if any; cheap to call whenever a project is looked at. */
  async settle(): Promise<void> {
    await this.exclusive(async () => undefined);
  }

  async deploy(input: DeployInput): Promise<Outcome<DeployResult>> {
    return this.exclusive(() => deployVersion(this.env, this.exports, input));
  }

  async build(project: ProjectRow, options: BuildDeployOptions): Promise<Outcome<BuildDeployResult>> {
    return this.exclusive(() => buildAndDeploy(this.env, this.exports, project, options));
  }

  async publish(project: ProjectRow, versionId: string, origin: string): Promise<Outcome<PublishResult>> {
    return this.exclusive(() => publish(this.env, project, versionId, origin));
  }

  async rollback(project: ProjectRow, versionId: string, options: { userId: string; origin: string; data?: DataChoice }): Promise<Outcome<RollbackResult>> {
    return this.exclusive(() => rollback(this.env, this.exports, project, versionId, options));
  }
}

/** The project's agent; its methods' ApiErrors are rethrown here as ApiErrors. */
export async function projectAgent(env: Env, projectId: string) {
  // getAgentByName names the instance (the agents SDK needs that); its stub type is the base class.
  const stub = (await getAgentByName(env.PROJECT_AGENT, projectId)) as unknown as DurableObjectStub<ProjectAgent>;
  return {
    settle: () => stub.settle(),
    deploy: async (input: DeployInput) => unwrap(await stub.deploy(input)),
    build: async (project: ProjectRow, options: BuildDeployOptions) => unwrap(await stub.build(project, options)),
    publish: async (project: ProjectRow, versionId: string, origin: string) => unwrap(await stub.publish(project, versionId, origin)),
    rollback: async (project: ProjectRow, versionId: string, options: { userId: string; origin: string; data?: DataChoice }) => unwrap(await stub.rollback(project, versionId, options)),
  };
}

function unwrap<T>(outcome: Outcome<T>): T {
  if (outcome.ok) return outcome.value;
  const { status, code, message, details } = outcome.error;
  throw new ApiError(status as ConstructorParameters<typeof ApiError>[0], code, message, details);
}
