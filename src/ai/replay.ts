/**
 * A language model that replays a recorded transcript, so the whole generation pipeline runs in
 * tests (and in an offline demo) without a network. A transcript is an ordered list of turns;
 * each turn answers one request of a given phase (plan, plan-reask, write, continue, edit-reask,
 * repair, chat). `generate({ phase })` tells the model which phase a request serves (through
 * providerOptions["kiln-replay"].phase); a request for another phase than the next turn's is a
 * mismatch and throws, so a test notices when the orchestration asks something unexpected.
 *
 * Text is streamed in small, irregular chunks (as real servers do), reasoning first (as GLM does),
 * with the turn's recorded usage and finish reason. A turn can also fail with an HTTP status.
 */
import { APICallError } from "ai";
import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4StreamPart,
  LanguageModelV4Usage,
} from "@ai-sdk/provider";
import { estimateTokens, type Phase } from "./prompts";

export interface TranscriptTurn {
  phase: Phase;
  /** What this turn exercises (documentation). */
  note?: string;
  /** Substrings the request (system + messages) must contain, e.g. the failure the re-ask quotes. */
  expect?: string[];
  /** GLM's reasoning_content: streamed before the text, never part of it. */
  reasoning?: string;
  /** The recorded answer. */
  text: string;
  finishReason?: "stop" | "length";
  usage?: { inputTokens: number; outputTokens: number; reasoningTokens?: number };
  /** The call fails instead (e.g. 429 or 503) — the text is ignored. */
  error?: { status: number; message: string };
}

export interface Transcript {
  name: string;
  description: string;
  app?: string;
  /** The model the transcript imitates. */
  model?: string;
  turns: TranscriptTurn[];
}

export class ReplayMismatchError extends Error {
  override name = "ReplayMismatchError";
}

export interface ReplayCall {
  turn: number;
  phase: Phase | undefined;
  /** System and messages flattened, for assertions. */
  prompt: string;
  maxOutputTokens?: number;
}

export interface ReplayOptions {
  /** Milliseconds between chunks (default 0). */
  chunkDelayMs?: number;
  /** Skip turns of other phases instead of failing on a mismatch (default false). */
  lenient?: boolean;
  /** Chunk-size seed, so chunking is irregular but reproducible. */
  seed?: number;
}

function promptText(prompt: LanguageModelV4CallOptions["prompt"]): string {
  return prompt
    .map((m) =>
      typeof m.content === "string"
        ? m.content
        : m.content.map((p) => ("text" in p && typeof p.text === "string" ? p.text : "")).join(""),
    )
    .join("\n");
}

/** Splits text into irregular chunks of 1–24 characters (never inside a surrogate pair). */
export function chunkText(text: string, seed = 7): string[] {
  const chunks: string[] = [];
  let state = seed >>> 0 || 1;
  let i = 0;
  while (i < text.length) {
    state = (state * 1103515245 + 12345) >>> 0;
    let size = 1 + ((state >>> 16) % 24);
    if (i + size < text.length && /[\uD800-\uDBFF]/.test(text[i + size - 1]!)) size++;
    chunks.push(text.slice(i, i + size));
    i += size;
  }
  return chunks;
}

export interface ReplayModel extends LanguageModelV4 {
  readonly transcript: Transcript;
  /** Every request answered so far. */
  readonly calls: ReplayCall[];
  /** Turns not yet used. */
  remaining(): number;
}

export function replayModel(transcript: Transcript, options: ReplayOptions = {}): ReplayModel {
  let next = 0;
  const calls: ReplayCall[] = [];

  function take(call: LanguageModelV4CallOptions): TranscriptTurn {
    const phase = (call.providerOptions?.["kiln-replay"] as { phase?: Phase } | undefined)?.phase;
    const prompt = promptText(call.prompt);
    let index = next;
    if (phase && options.lenient)
      while (index < transcript.turns.length && transcript.turns[index]!.phase !== phase) index++;
    const turn = transcript.turns[index];
    if (!turn)
      throw new ReplayMismatchError(
        `Transcript "${transcript.name}" has no turn left for a ${phase ?? "request"} (it has ${transcript.turns.length}).`,
      );
    if (phase && turn.phase !== phase) {
      throw new ReplayMismatchError(
        `Transcript "${transcript.name}": turn ${index + 1} answers "${turn.phase}" but the request is "${phase}".`,
      );
    }
    for (const needle of turn.expect ?? []) {
      if (!prompt.includes(needle))
        throw new ReplayMismatchError(
          `Transcript "${transcript.name}": turn ${index + 1} (${turn.phase}) expects the request to contain ${JSON.stringify(needle)}.`,
        );
    }
    next = index + 1;
    calls.push({
      turn: index,
      phase,
      prompt,
      ...(call.maxOutputTokens !== undefined ? { maxOutputTokens: call.maxOutputTokens } : {}),
    });
    if (turn.error) {
      throw new APICallError({
        message: turn.error.message,
        url: "replay://" + transcript.name,
        requestBodyValues: {},
        statusCode: turn.error.status,
        isRetryable: turn.error.status === 429 || turn.error.status >= 500,
      });
    }
    return turn;
  }

  function usageOf(turn: TranscriptTurn, prompt: string): LanguageModelV4Usage {
    const reasoning = turn.usage?.reasoningTokens ?? (turn.reasoning ? estimateTokens(turn.reasoning) : 0);
    const output = turn.usage?.outputTokens ?? estimateTokens(turn.text) + reasoning;
    return {
      inputTokens: {
        total: turn.usage?.inputTokens ?? estimateTokens(prompt),
        noCache: undefined,
        cacheRead: undefined,
        cacheWrite: undefined,
      },
      outputTokens: { total: output, text: output - reasoning, reasoning: reasoning || undefined },
    };
  }

  const model: ReplayModel = {
    specificationVersion: "v4",
    provider: "kiln-replay",
    modelId: transcript.model ?? "replay",
    supportedUrls: {},
    transcript,
    calls,
    remaining: () => transcript.turns.length - next,

    async doGenerate(call) {
      const turn = take(call);
      return {
        content: [
          ...(turn.reasoning ? [{ type: "reasoning" as const, text: turn.reasoning }] : []),
          { type: "text" as const, text: turn.text },
        ],
        finishReason: { unified: turn.finishReason ?? "stop", raw: turn.finishReason ?? "stop" },
        usage: usageOf(turn, calls[calls.length - 1]!.prompt),
        warnings: [],
      };
    },

    async doStream(call) {
      const turn = take(call);
      const usage = usageOf(turn, calls[calls.length - 1]!.prompt);
      const parts: LanguageModelV4StreamPart[] = [{ type: "stream-start", warnings: [] }];
      if (turn.reasoning) {
        parts.push({ type: "reasoning-start", id: "r0" });
        for (const delta of chunkText(turn.reasoning, options.seed))
          parts.push({ type: "reasoning-delta", id: "r0", delta });
        parts.push({ type: "reasoning-end", id: "r0" });
      }
      parts.push({ type: "text-start", id: "t0" });
      for (const delta of chunkText(turn.text, options.seed)) parts.push({ type: "text-delta", id: "t0", delta });
      parts.push({ type: "text-end", id: "t0" });
      const finish = turn.finishReason ?? "stop";
      parts.push({ type: "finish", finishReason: { unified: finish, raw: finish }, usage });

      const signal = call.abortSignal;
      let i = 0;
      return {
        stream: new ReadableStream<LanguageModelV4StreamPart>({
          async pull(controller) {
            if (signal?.aborted) {
              controller.error(signal.reason ?? new DOMException("Aborted", "AbortError"));
              return;
            }
            if (options.chunkDelayMs && i > 0) await new Promise((r) => setTimeout(r, options.chunkDelayMs));
            const part = parts[i++];
            if (part) controller.enqueue(part);
            else controller.close();
          },
        }),
      };
    },
  };
  return model;
}
