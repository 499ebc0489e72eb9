/**
 * One run of the generation: what it is given (GenerationIO), what it answers (GenerationOutcome),
 * and the helpers every phase of it uses (Run): timed phases with their events, skipped phases,
 * calls to the model with their token counts.
 */
import type { LanguageModelV4 } from "@ai-sdk/provider";
import { generate, type GenerateResult } from "../../ai/generate";
import { costOf, pricesFor, type Prices } from "../../ai/prices";
import type { PromptSpec } from "../../ai/prompts";
import type { BuildError } from "../../builder/types";
import type { Env } from "../../env";
import type { ProjectRow } from "../../store/projects";
import { readAllFiles } from "../../store/sources";
import { recordUsage } from "../../store/usage";
import type { GenerationEvent, PhaseName, RunMetrics } from "../events";
import { planOfWorkingCopy, type GenerationMemory } from "./memory";
import type { Plan } from "../plan/schema";
import type { ElementRef } from "../visual-edit";

export interface GenerationOptions {
  /** Stop after the plan and wait for the person to approve or edit it. */
  planFirst?: boolean;
  /** Build the plan waiting for approval, or the person's edited version of it (checked and normalised by the API). */
  approve?: { plan?: Plan };
  /** The element picked in the preview that the message is about (visual-edit/scoped-chat.ts). */
  element?: ElementRef;
}

export interface GenerationIO {
  env: Env;
  exports: Cloudflare.Exports;
  project: ProjectRow;
  userId: string;
  origin: string;
  emit(event: GenerationEvent): void;
  /** Resolves once the events emitted so far are on their way to the client. */
  flush(): Promise<void>;
  memory: GenerationMemory;
  model: { model: LanguageModelV4; name: string } | null;
  signal: AbortSignal;
  /** The run's id, recorded with each model call's usage. */
  runId: string;
  /** The user's own prices (Settings), which win over Kiln's list prices. */
  ownPrices: Prices | null;
}

export interface GenerationOutcome {
  versionId: string | null;
  previewUrl: string | null;
  reply: string;
  metrics: RunMetrics;
}

/** A generation that cannot finish; the message is for the person, and nothing was deployed. */
export class GenerationError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly diagnostics?: BuildError[],
  ) {
    super(message);
  }
}

export interface Run {
  /** The run's IO; its `emit` notes the files announced so far. */
  io: GenerationIO;
  message: string;
  options: GenerationOptions;
  /** The working copy before this run, when there is an app (null: a new one). */
  current: Record<string, string> | null;
  metrics: RunMetrics;
  /** Files already announced (the model's, as each turn applies); the rest are announced on saving. */
  announced: ReadonlySet<string>;
  /**
   * Runs a phase; `problem` turns a result into the reason the phase counts as failed (a check that
   * found errors), `warning` into what the phase could not do (a check TypeScript could not run).
   */
  phase<T>(
    name: PhaseName,
    work: () => Promise<T>,
    detail?: string,
    problem?: (result: T) => string | null,
    warning?: (result: T) => string | null,
  ): Promise<T>;
  skip(name: PhaseName, detail: string): void;
  /** One call to the model, its tokens and time added to the phase's. */
  ask(name: PhaseName, spec: PromptSpec): Promise<GenerateResult>;
  /** Ends the run with a reply and no new version. */
  reply(text: string): GenerationOutcome;
}

/** A run for `message`: the working copy read, and the plan that goes with it. */
export async function startRun(io: GenerationIO, message: string, options: GenerationOptions): Promise<Run> {
  const announced = new Set<string>();
  const emit = io.emit;
  io = { ...io, emit: (event) => (event.type === "file" && announced.add(event.path), emit(event)) };
  const metrics: RunMetrics = { model: io.model?.name ?? null, phases: {}, buildMs: null, repairRounds: 0 };
  const phase = async <T>(
    name: PhaseName,
    work: () => Promise<T>,
    detail?: string,
    problem?: (result: T) => string | null,
    warning?: (result: T) => string | null,
  ): Promise<T> => {
    if (io.signal.aborted)
      throw new GenerationError(
        "cancelled",
        "Stopped at your request before the " + name + " phase; nothing was deployed.",
      );
    io.emit({ type: "phase", phase: name, status: "start", detail });
    // Let the stream carry the event out before CPU-heavy work (a build) holds the thread.
    await io.flush();
    const t0 = Date.now();
    try {
      const result = await work();
      const ms = Date.now() - t0;
      // A phase that runs more than once (check, repair) adds up its time.
      metrics.phases[name] = { ...metrics.phases[name], ms: (metrics.phases[name]?.ms ?? 0) + ms };
      const failed = problem?.(result) ?? null;
      const warned = warning?.(result) ?? null;
      io.emit(
        failed
          ? { type: "phase", phase: name, status: "failed", ms, detail: failed, ...(warned && { warning: warned }) }
          : { type: "phase", phase: name, status: "end", ms, ...(warned && { warning: warned }) },
      );
      return result;
    } catch (err) {
      io.emit({ type: "phase", phase: name, status: "failed", ms: Date.now() - t0, detail: (err as Error).message });
      throw err;
    }
  };
  const ask = async (name: PhaseName, spec: PromptSpec): Promise<GenerateResult> => {
    const r = await generate({
      model: io.model!.model,
      system: spec.system,
      messages: spec.messages,
      phase: spec.phase,
      maxOutputTokens: spec.maxOutputTokens,
      signal: io.signal,
    });
    const m = (metrics.phases[name] ??= { ms: 0 });
    m.inputTokens = (m.inputTokens ?? 0) + (r.usage.inputTokens ?? 0);
    m.outputTokens = (m.outputTokens ?? 0) + (r.usage.outputTokens ?? 0);
    m.modelMs = (m.modelMs ?? 0) + r.durationMs;
    // Each call's usage is an event of the run (its card adds them up) and a row of the month's spending.
    const usage = {
      inputTokens: r.usage.inputTokens ?? 0,
      outputTokens: r.usage.outputTokens ?? 0,
      modelMs: r.durationMs,
      costUsd: costOf(r.usage, pricesFor(r.modelId, io.ownPrices)),
    };
    io.emit({ type: "usage", phase: name, model: r.modelId, ...usage });
    await recordUsage(io.env.DB, {
      userId: io.userId,
      projectId: io.project.id,
      runId: io.runId,
      model: r.modelId,
      ...usage,
    });
    return r;
  };
  const current = io.memory.plan ? await readAllFiles(io.env.DB, io.env.CODE, io.project.id) : null;
  if (current) planOfWorkingCopy(io.memory, current);
  return {
    io,
    message,
    options,
    current,
    metrics,
    announced,
    phase,
    skip: (name, detail) => io.emit({ type: "phase", phase: name, status: "skipped", detail }),
    ask,
    reply: (text) => {
      io.emit({ type: "text", delta: text });
      return { versionId: null, previewUrl: null, reply: text, metrics };
    },
  };
}
