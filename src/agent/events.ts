import type { BuildError } from "../builder/build-error";
import type { Plan } from "./plan/types";

// No runtime imports: the builder UI shares these types.

/** The generation phases, streamed to the client as each starts and ends (docs/architecture.md, The generation pipeline). */
export type PhaseName = "plan" | "scaffold" | "write" | "check" | "repair" | "deploy";

/** What a generation tells its client, in order. Each is stored before it is sent. */
export type GenerationEvent =
  | { type: "run"; runId: string; status: "queued" | "running"; message: string }
  | {
      type: "phase";
      phase: PhaseName;
      status: "start" | "end" | "skipped" | "failed";
      ms?: number;
      detail?: string;
      /** A phase that ended without doing all of its work, e.g. a check TypeScript could not run. */
      warning?: string;
    }
  | { type: "text"; delta: string }
  | { type: "plan"; plan: Plan; summary: string; awaitingApproval?: boolean }
  | { type: "file"; path: string; action: "write" | "delete" }
  | { type: "diagnostics"; diagnostics: BuildError[] }
  | { type: "repair"; round: number; errors: number }
  | {
      type: "usage";
      /** One model call: its model, tokens, time and cost (null: the model's prices are unknown). */
      phase: PhaseName;
      model: string;
      inputTokens: number;
      outputTokens: number;
      modelMs: number;
      costUsd: number | null;
    }
  | { type: "needs_confirmation"; changes: { kind: string; table: string; column?: string; message: string }[] }
  | { type: "done"; versionId: string | null; previewUrl: string | null; reply: string; metrics: RunMetrics }
  | { type: "error"; code: string; message: string; diagnostics?: BuildError[] };

export interface StoredEvent {
  seq: number;
  at: number;
  event: GenerationEvent;
}

/** Recorded per version (model_output): tokens and time per phase, build time, repair rounds. */
export interface RunMetrics {
  model: string | null;
  phases: Partial<
    Record<
      PhaseName,
      {
        ms: number;
        inputTokens?: number;
        outputTokens?: number;
        modelMs?: number;
        promptTokens?: number;
        projectTokens?: number;
      }
    >
  >;
  buildMs: number | null;
  repairRounds: number;
}
