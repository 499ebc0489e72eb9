import { Agent, getAgentByName } from "agents";
import { ApiError } from "../errors";
import { buildAndDeploy, type BuildDeployOptions, type BuildDeployResult } from "./deploy-build";
import type { Env } from "../env";
import { deployVersion, type DeployInput, type DeployResult } from "../hosting/deploy";
import { publish, rollback, type DataChoice, type PublishResult, type RollbackResult } from "../hosting/publish";
import { addChatMessage } from "../store/chat-messages";
import { findProject, type ProjectRow } from "../store/projects";
import { failInterruptedBuilds } from "../store/versions";
import { ulid } from "ulid";
import type { BuildTimings } from "../builder";
import { warmProject } from "./warm-project";
import type { GenerationEvent, StoredEvent } from "./events";
import { GenerationError, runGeneration, type GenerationMemory, type GenerationOptions } from "./generation";
import { modelForUser } from "./model-for-user";
import { checkBudget } from "./budget";
import { applyVisualEdit, type VisualEdit, type VisualEditResult } from "./visual-edit";

type VisualEditInput = VisualEdit & { userId: string; origin: string };

/** What crosses the RPC boundary: an ApiError keeps its status and code this way. */
export interface ChatInput extends GenerationOptions {
  userId: string;
  message: string;
  origin: string;
}

type Outcome<T> =
  { ok: true; value: T } | { ok: false; error: { status: number; code: string; message: string; details?: unknown } };

/**
 * One Durable Object per project. Everything that changes what a project serves — builds,
 * publishes, rollbacks and (later) generations — runs here one at a time, in arrival order, so
 * two requests for the same project can never interleave (the server API's dedup key userId:projectId,
 * without a queue server).
 */
/** How long after a workspace opens its warm-up starts (see ProjectAgent.warm). */
const WARM_DELAY_MS = 1500;

export class ProjectAgent extends Agent<Cloudflare.Env> {
  private tail: Promise<unknown> = Promise.resolve();
  /** The builder's warm-up for this project (see warm()), and the build it runs once started. */
  private warming?: Promise<BuildTimings | null>;
  private warmRunning?: Promise<BuildTimings | null>;
  private buildAsked = false;
  private recovery?: Promise<void>;
  private tablesReady = false;
  /** Open event streams per run, fed as events are stored. */
  private listeners = new Map<string, Set<(e: StoredEvent) => void>>();
  private aborts = new Map<string, AbortController>();
  private finished = new Map<string, Promise<void>>();

  private get db() {
    if (!this.tablesReady) {
      const sql = this.ctx.storage.sql;
      sql.exec(
        "CREATE TABLE IF NOT EXISTS kiln_runs (id TEXT PRIMARY KEY, status TEXT NOT NULL, message TEXT NOT NULL, user_id TEXT NOT NULL, created_at INTEGER NOT NULL, ended_at INTEGER, version_id TEXT, preview_url TEXT, error TEXT)",
      );
      sql.exec(
        "CREATE TABLE IF NOT EXISTS kiln_events (run_id TEXT NOT NULL, seq INTEGER NOT NULL, at INTEGER NOT NULL, body TEXT NOT NULL, PRIMARY KEY (run_id, seq))",
      );
      sql.exec("CREATE TABLE IF NOT EXISTS kiln_memory (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
      this.tablesReady = true;
    }
    return this.ctx.storage.sql;
  }

  /**
   * Every build and deploy of this project runs inside this object, so when a fresh instance
   * starts, anything still marked "building" was cut off by a crash or restart: end it as failed.
   * Everyone waits for the same recovery: a message that arrived while the first caller's
   * recovery was still waiting on D1 once started a run that the recovery then ended as
   * "interrupted" (the workspace asks for its history and the user sends at once).
   */
  private recover(): Promise<void> {
    return (this.recovery ??= this.recoverOnce());
  }

  private async recoverOnce() {
    // Runs first, before anything is awaited: nothing this instance starts can be among them.
    for (const { id } of this.db
      .exec<{ id: string }>("SELECT id FROM kiln_runs WHERE status IN ('queued', 'running')")
      .toArray()) {
      this.append(id, {
        type: "error",
        code: "interrupted",
        message:
          "Kiln restarted while this was being generated. Nothing was deployed from it; the previous version is untouched. Send the message again to retry.",
      });
      this.db.exec(
        "UPDATE kiln_runs SET status = 'failed', ended_at = ?, error = 'interrupted' WHERE id = ?",
        Date.now(),
        id,
      );
    }
    // Builds are ended before any work of this instance runs (every caller awaits this). If D1
    // cannot be reached, they stay "building" until the next instance or the nightly run; the
    // project itself must not stop working over it.
    await failInterruptedBuilds(this.env.DB, this.name).catch((err) =>
      console.error("could not end interrupted builds", { projectId: this.name, error: String(err) }),
    );
  }

  /** Stores an event of a run and hands it to everyone streaming that run. */
  private append(runId: string, event: GenerationEvent): StoredEvent {
    const seq = this.db
      .exec<{ n: number }>("SELECT COALESCE(MAX(seq), 0) + 1 AS n FROM kiln_events WHERE run_id = ?", runId)
      .one().n;
    const stored = { seq, at: Date.now(), event };
    this.db.exec(
      "INSERT INTO kiln_events (run_id, seq, at, body) VALUES (?, ?, ?, ?)",
      runId,
      seq,
      stored.at,
      JSON.stringify(event),
    );
    for (const listener of this.listeners.get(runId) ?? []) listener(stored);
    return stored;
  }

  /**
   * Events are stored before they are sent, and a Durable Object holds its output until its writes
   * are durable: wait for that, then give the event loop a turn to send them, so progress shows
   * while a long CPU-bound step (a build) runs next.
   */
  private async flush() {
    await this.ctx.storage.sync();
    await new Promise((resolve) => setTimeout(resolve, 1));
  }

  private memory(): GenerationMemory {
    const rows = this.db.exec<{ key: string; value: string }>("SELECT key, value FROM kiln_memory").toArray();
    const get = (k: string) => rows.find((r) => r.key === k)?.value;
    const read = (k: string) => (get(k) ? JSON.parse(get(k)!) : null);
    return { plan: read("plan"), pending: read("pending"), plans: read("plans"), proposal: read("proposal") };
  }

  private remember(memory: GenerationMemory) {
    for (const [key, value] of Object.entries(memory)) {
      if (value === null) this.db.exec("DELETE FROM kiln_memory WHERE key = ?", key);
      else
        this.db.exec(
          "INSERT INTO kiln_memory (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
          key,
          JSON.stringify(value),
        );
    }
  }

  /**
   * Takes a chat message: the run is recorded and queued at once (behind any running one) and
   * goes on whether or not anyone is still listening. Returns its id for streaming.
   */
  async chat(project: ProjectRow, input: ChatInput): Promise<{ runId: string }> {
    await this.recover();
    const runId = ulid();
    this.db.exec(
      "INSERT INTO kiln_runs (id, status, message, user_id, created_at) VALUES (?, 'queued', ?, ?, ?)",
      runId,
      input.message,
      input.userId,
      Date.now(),
    );
    this.append(runId, { type: "run", runId, status: "queued", message: input.message });
    const abort = new AbortController();
    this.aborts.set(runId, abort);
    const run = this.exclusive(() => this.keepAliveWhile(() => this.execute(runId, project, input, abort.signal)));
    this.finished.set(
      runId,
      run.then(
        () => undefined,
        () => undefined,
      ),
    );
    return { runId };
  }

  /** The run still queued or running, if any (a second request for the project joins it). */
  async activeRun(): Promise<string | null> {
    await this.recover();
    return (
      this.db
        .exec<{ id: string }>("SELECT id FROM kiln_runs WHERE status IN ('queued', 'running') ORDER BY id DESC LIMIT 1")
        .toArray()[0]?.id ?? null
    );
  }

  /** Waits for a run to end and returns its last event (done or error). */
  async outcome(runId: string): Promise<GenerationEvent | null> {
    await this.finished.get(runId);
    const last = this.db
      .exec<{ body: string }>("SELECT body FROM kiln_events WHERE run_id = ? ORDER BY seq DESC LIMIT 1", runId)
      .toArray()[0];
    return last ? (JSON.parse(last.body) as GenerationEvent) : null;
  }

  /** Stops a queued or running generation at the next phase boundary. */
  async cancel(runId: string): Promise<boolean> {
    const abort = this.aborts.get(runId);
    abort?.abort();
    return Boolean(abort);
  }

  private async execute(runId: string, project: ProjectRow, input: ChatInput, signal: AbortSignal) {
    if (signal.aborted) {
      this.append(runId, {
        type: "error",
        code: "cancelled",
        message: "Stopped before it started; nothing was changed.",
      });
      this.db.exec("UPDATE kiln_runs SET status = 'cancelled', ended_at = ? WHERE id = ?", Date.now(), runId);
      return;
    }
    this.db.exec("UPDATE kiln_runs SET status = 'running' WHERE id = ?", runId);
    this.append(runId, { type: "run", runId, status: "running", message: input.message });
    const memory = this.memory();
    let reply: string;
    try {
      const fresh = (await findProject(this.env.DB, project.id)) ?? project;
      const model = await modelForUser(this.env, input.userId);
      // A run that would call a model is refused before the first call once the month's budget is spent.
      const { ownPrices, refusal } = await checkBudget(this.env.DB, input.userId);
      if (model && refusal) throw new GenerationError("budget_exceeded", refusal);
      const outcome = await runGeneration(
        {
          env: this.env,
          exports: this.exports,
          project: fresh,
          userId: input.userId,
          origin: input.origin,
          emit: (e) => this.append(runId, e),
          flush: () => this.flush(),
          memory,
          model,
          signal,
          runId,
          ownPrices,
        },
        input.message,
        input,
      );
      reply = outcome.reply;
      this.append(runId, {
        type: "done",
        versionId: outcome.versionId,
        previewUrl: outcome.previewUrl,
        reply,
        metrics: outcome.metrics,
      });
      this.db.exec(
        "UPDATE kiln_runs SET status = 'done', ended_at = ?, version_id = ?, preview_url = ? WHERE id = ?",
        Date.now(),
        outcome.versionId,
        outcome.previewUrl,
        runId,
      );
    } catch (err) {
      const known = err instanceof GenerationError;
      const code = known ? err.code : "internal";
      reply = known
        ? err.message
        : `Something went wrong inside Kiln (${(err as Error).message}). Nothing was deployed; the previous version is untouched.`;
      if (!known) console.error("generation failed", err);
      this.append(runId, { type: "error", code, message: reply, diagnostics: known ? err.diagnostics : undefined });
      this.db.exec(
        "UPDATE kiln_runs SET status = ?, ended_at = ?, error = ? WHERE id = ?",
        code === "cancelled" ? "cancelled" : "failed",
        Date.now(),
        code,
        runId,
      );
    } finally {
      this.remember(memory);
      this.aborts.delete(runId);
    }
    await addChatMessage(this.env.DB, project.id, "assistant", reply);
  }

  /** Runs of this project, newest first, with their outcome. */
  async runs(limit = 20) {
    await this.recover();
    return this.db
      .exec<{
        id: string;
        status: string;
        message: string;
        created_at: number;
        ended_at: number | null;
        version_id: string | null;
        preview_url: string | null;
        error: string | null;
      }>("SELECT * FROM kiln_runs ORDER BY id DESC LIMIT ?", limit)
      .toArray();
  }

  /** The newest runs with their events, for showing past generations as they happened (streamed text deltas joined into one). */
  async runsWithEvents(limit = 30) {
    const runs = await this.runs(limit);
    return runs.map((run) => {
      const events: (GenerationEvent & { seq: number; at: number })[] = [];
      for (const row of this.db
        .exec<{ seq: number; at: number; body: string }>(
          "SELECT seq, at, body FROM kiln_events WHERE run_id = ? ORDER BY seq",
          run.id,
        )
        .toArray()) {
        const event = { seq: row.seq, at: row.at, ...(JSON.parse(row.body) as GenerationEvent) };
        const last = events.at(-1);
        if (event.type === "text" && last?.type === "text")
          events[events.length - 1] = { ...last, seq: event.seq, at: event.at, delta: last.delta + event.delta };
        else events.push(event);
      }
      return { ...run, events };
    });
  }

  async events(runId: string, after = 0): Promise<StoredEvent[]> {
    await this.recover();
    return this.db
      .exec<{ seq: number; at: number; body: string }>(
        "SELECT seq, at, body FROM kiln_events WHERE run_id = ? AND seq > ? ORDER BY seq",
        runId,
        after,
      )
      .toArray()
      .map((r) => ({ seq: r.seq, at: r.at, event: JSON.parse(r.body) }));
  }

  /** GET /events?run=…&after=… — the run's events as Server-Sent Events, live until it ends. */
  override async onRequest(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const runId = url.searchParams.get("run");
    if (url.pathname !== "/events" || !runId) return new Response("not found", { status: 404 });
    await this.recover();
    const after = Number(url.searchParams.get("after") ?? 0) || 0;
    const encoder = new TextEncoder();
    const listeners = this.listeners;
    const sql = this.db;
    let cleanup = () => {};
    const stream = new ReadableStream<Uint8Array>({
      start: (controller) => {
        let last = after;
        const send = (e: StoredEvent) => {
          if (e.seq <= last) return;
          last = e.seq;
          controller.enqueue(
            encoder.encode(
              `id: ${e.seq}\nevent: ${e.event.type}\ndata: ${JSON.stringify({ seq: e.seq, at: e.at, ...e.event })}\n\n`,
            ),
          );
          if (e.event.type === "done" || e.event.type === "error") {
            cleanup();
            controller.close();
          }
        };
        const set = listeners.get(runId) ?? new Set();
        listeners.set(runId, set);
        set.add(send);
        const heartbeat = setInterval(() => controller.enqueue(encoder.encode(": still working\n\n")), 15_000);
        cleanup = () => {
          clearInterval(heartbeat);
          set.delete(send);
        };
        for (const row of sql
          .exec<{ seq: number; at: number; body: string }>(
            "SELECT seq, at, body FROM kiln_events WHERE run_id = ? AND seq > ? ORDER BY seq",
            runId,
            after,
          )
          .toArray()) {
          send({ seq: row.seq, at: row.at, event: JSON.parse(row.body) });
        }
        const run = sql.exec<{ status: string }>("SELECT status FROM kiln_runs WHERE id = ?", runId).toArray()[0];
        if (!run) {
          cleanup();
          controller.close();
        }
      },
      cancel: () => cleanup(),
    });
    return new Response(stream, {
      headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache", "x-kiln-run": runId },
    });
  }

  /** Runs `work` after everything queued before it, whatever became of that. */
  private exclusive<T>(work: () => Promise<T>): Promise<Outcome<T>> {
    const first = this.recover();
    const run = this.tail.then(() => first).then(work, work);
    this.tail = run.catch(() => undefined);
    return run.then(
      (value) => ({ ok: true as const, value }),
      (err) => {
        if (err instanceof ApiError)
          return {
            ok: false as const,
            error: { status: err.status, code: err.code, message: err.message, details: err.details },
          };
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

  /**
   * Warms the builder for this project where its builds run (warm-project.ts), once per instance
   * however often the workspace opens. It starts a moment later: locally the platform and this
   * object share one isolate, and the workspace's other requests go first. A build asked for
   * before it starts cancels it; one asked for while it runs waits for it rather than doing its
   * work a second time.
   */
  async warm(): Promise<BuildTimings | null> {
    this.warming ??= new Promise((resolve) => setTimeout(resolve, WARM_DELAY_MS)).then(() => {
      if (this.buildAsked) return null;
      this.warmRunning = warmProject(this.env, this.name);
      return this.warmRunning;
    });
    return this.warming;
  }

  async build(project: ProjectRow, options: BuildDeployOptions): Promise<Outcome<BuildDeployResult>> {
    this.buildAsked = true;
    await this.warmRunning;
    return this.exclusive(() => buildAndDeploy(this.env, this.exports, project, options));
  }

  async visualEdit(project: ProjectRow, input: VisualEditInput): Promise<Outcome<VisualEditResult>> {
    return this.exclusive(() => applyVisualEdit(this.env, this.exports, project, input));
  }

  async publish(project: ProjectRow, versionId: string, origin: string): Promise<Outcome<PublishResult>> {
    return this.exclusive(() => publish(this.env, project, versionId, origin));
  }

  async rollback(
    project: ProjectRow,
    versionId: string,
    options: { userId: string; origin: string; data?: DataChoice },
  ): Promise<Outcome<RollbackResult>> {
    return this.exclusive(() => rollback(this.env, this.exports, project, versionId, options));
  }
}

/** The project's agent; its methods' ApiErrors are rethrown here as ApiErrors. */
export async function projectAgent(env: Env, projectId: string) {
  // getAgentByName names the instance (the agents SDK needs that); its stub type is the base class.
  const stub = (await getAgentByName(
    env.PROJECT_AGENT as DurableObjectNamespace<ProjectAgent>,
    projectId,
  )) as unknown as DurableObjectStub<ProjectAgent>;
  return {
    settle: () => stub.settle(),
    warm: () => stub.warm(),
    chat: (project: ProjectRow, input: ChatInput) => stub.chat(project, input),
    cancel: (runId: string) => stub.cancel(runId),
    activeRun: () => stub.activeRun(),
    outcome: (runId: string) => stub.outcome(runId),
    runs: (limit?: number) => stub.runs(limit),
    runsWithEvents: (limit?: number) => stub.runsWithEvents(limit),
    events: (runId: string, after?: number) => stub.events(runId, after),
    /** The run's events as an SSE response, live until the run ends. */
    stream: (runId: string, after = 0) =>
      stub.fetch(new Request(`https://agent.invalid/events?run=${encodeURIComponent(runId)}&after=${after}`)),
    deploy: async (input: DeployInput) => unwrap(await stub.deploy(input)),
    build: async (project: ProjectRow, options: BuildDeployOptions) => unwrap(await stub.build(project, options)),
    visualEdit: async (project: ProjectRow, input: VisualEditInput) => unwrap(await stub.visualEdit(project, input)),
    publish: async (project: ProjectRow, versionId: string, origin: string) =>
      unwrap(await stub.publish(project, versionId, origin)),
    rollback: async (
      project: ProjectRow,
      versionId: string,
      options: { userId: string; origin: string; data?: DataChoice },
    ) => unwrap(await stub.rollback(project, versionId, options)),
  };
}

function unwrap<T>(outcome: Outcome<T>): T {
  if (outcome.ok) return outcome.value;
  const { status, code, message, details } = outcome.error;
  throw new ApiError(status as ConstructorParameters<typeof ApiError>[0], code, message, details);
}
