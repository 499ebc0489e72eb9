import type { BuildError, PhaseName, Plan, RunMetrics, RunSummary } from "./api";
import type { StreamedEvent } from "./sse";

export interface PhaseState {
  status: "pending" | "start" | "end" | "skipped" | "failed";
  ms?: number;
  detail?: string;
  /** What the phase could not do (a check TypeScript could not run). */
  warning?: string;
}

/** Everything the UI knows about one generation, folded from its events. */
export interface RunState {
  runId: string | null;
  message: string;
  phases: Record<PhaseName, PhaseState>;
  text: string;
  plan: { plan: Plan; summary: string; awaitingApproval: boolean } | null;
  files: { path: string; action: "write" | "delete" }[];
  diagnostics: BuildError[];
  repairs: { round: number; errors: number }[];
  confirmation: { kind: string; table: string; column?: string; message: string }[] | null;
  done: { versionId: string | null; previewUrl: string | null; reply: string; metrics: RunMetrics } | null;
  error: { code: string; message: string; diagnostics?: BuildError[] } | null;
  /** The run's model calls added up (usage events); costUsd null when a call's prices were unknown. */
  usage: { calls: number; inputTokens: number; outputTokens: number; modelMs: number; costUsd: number | null } | null;
  lastSeq: number;
  startedAt: number;
  /** The stream is open (or being reopened). */
  live: boolean;
}

const pending = (): PhaseState => ({ status: "pending" });

export function newRun(message: string, runId: string | null = null): RunState {
  return {
    runId,
    message,
    phases: {
      plan: pending(),
      scaffold: pending(),
      write: pending(),
      check: pending(),
      repair: pending(),
      deploy: pending(),
    },
    text: "",
    plan: null,
    files: [],
    diagnostics: [],
    repairs: [],
    confirmation: null,
    done: null,
    error: null,
    usage: null,
    lastSeq: 0,
    startedAt: Date.now(),
    live: true,
  };
}

/** A past run redrawn from its stored events. */
export function pastRun(summary: RunSummary): RunState {
  const start = { ...newRun(summary.message, summary.runId), startedAt: Date.parse(summary.createdAt), live: false };
  const run = (summary.events ?? []).reduce(reduceRun, start);
  // A run cut off before its last event was stored still reads as ended.
  if (!run.done && !run.error && summary.status !== "running" && summary.status !== "queued") {
    return {
      ...run,
      error: {
        code: summary.error ?? summary.status,
        message: summary.status === "cancelled" ? "Stopped." : "This generation ended without finishing.",
      },
    };
  }
  return run;
}

export const isFinished = (run: RunState) => Boolean(run.done || run.error);

export function reduceRun(run: RunState, e: StreamedEvent): RunState {
  if (e.seq && e.seq <= run.lastSeq) return run; // a replayed event after a reconnect
  const next: RunState = { ...run, lastSeq: e.seq || run.lastSeq };
  switch (e.type) {
    case "run":
      // The message is not copied: a run picked up after a reload has it in the history already.
      next.runId = e.runId;
      break;
    case "phase":
      next.phases = {
        ...run.phases,
        [e.phase]: {
          status: e.status,
          ms: e.ms ?? run.phases[e.phase].ms,
          detail: e.detail ?? run.phases[e.phase].detail,
          // Each run of a phase (a check after a repair) says afresh whether it could do everything.
          warning: e.status === "start" ? run.phases[e.phase].warning : e.warning,
        },
      };
      break;
    case "text":
      next.text = run.text + e.delta;
      break;
    case "plan":
      next.plan = { plan: e.plan, summary: e.summary, awaitingApproval: Boolean(e.awaitingApproval) };
      break;
    case "file":
      next.files = [...run.files.filter((f) => f.path !== e.path), { path: e.path, action: e.action }];
      break;
    case "diagnostics":
      next.diagnostics = e.diagnostics;
      break;
    case "repair":
      next.repairs = [...run.repairs, { round: e.round, errors: e.errors }];
      break;
    case "usage": {
      const sum = run.usage ?? { calls: 0, inputTokens: 0, outputTokens: 0, modelMs: 0, costUsd: 0 };
      next.usage = {
        calls: sum.calls + 1,
        inputTokens: sum.inputTokens + e.inputTokens,
        outputTokens: sum.outputTokens + e.outputTokens,
        modelMs: sum.modelMs + e.modelMs,
        costUsd: sum.costUsd === null || e.costUsd === null ? null : sum.costUsd + e.costUsd,
      };
      break;
    }
    case "needs_confirmation":
      next.confirmation = e.changes;
      break;
    case "done":
      next.done = { versionId: e.versionId, previewUrl: e.previewUrl, reply: e.reply, metrics: e.metrics };
      next.live = false;
      break;
    case "error":
      next.error = { code: e.code, message: e.message, diagnostics: e.diagnostics };
      next.live = false;
      break;
  }
  return next;
}
