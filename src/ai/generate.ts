/**
 * One model call: streams a completion with the AI SDK, hands text deltas to a callback, and
 * returns the text with finish reason, usage and timing. Abortable; retries transient failures
 * (429, 5xx, network) with bounded exponential backoff, but only before any text was streamed
 * (after that the caller already showed it: the error is thrown with the partial text).
 *
 * GLM-4.7-flash specifics encoded here: reasoning arrives separately and is never part of `text`
 * (its tokens are still reported); max output tokens get reasoning headroom (providers.ts); no
 * JSON mode is ever requested (it does not stream on Workers AI) — the plan JSON is extracted
 * from text (protocol/plan-json.ts).
 */
import { APICallError, streamText, type ModelMessage } from "ai";
import type { LanguageModelV4 } from "@ai-sdk/provider";
import { estimateTokens, type Phase, type PromptMessage } from "./prompts";
import { outputTokenBudget } from "./providers";

export type FinishReason = "stop" | "length" | "content-filter" | "tool-calls" | "error" | "other";

export interface GenerateUsage {
  inputTokens: number;
  outputTokens: number;
  /** Tokens spent thinking (included in outputTokens). Estimated from the reasoning text when the provider does not report it. */
  reasoningTokens?: number;
  reasoningTokensEstimated?: boolean;
}

export interface GenerateResult {
  text: string;
  finishReason: FinishReason;
  /** finishReason "length": the answer was cut off, ask to continue. */
  truncated: boolean;
  /**
   * GLM quirk: the whole output budget went to reasoning and no text came (finishReason "length",
   * empty text). Continuing is pointless: call again with more maxOutputTokens or reasoningEffort "low".
   */
  reasoningExhausted: boolean;
  usage: GenerateUsage;
  /** Wall time of the whole call, retries and backoff included. */
  durationMs: number;
  /** Time until the first text delta (reasoning excluded), of the successful attempt. */
  timeToFirstTextMs?: number;
  attempts: number;
  /** Characters of reasoning the model produced (the text itself is not kept). */
  reasoningChars: number;
  modelId: string;
}

export interface GenerateOptions {
  model: LanguageModelV4;
  system?: string;
  messages: PromptMessage[];
  /** The phase this call serves; also picks the recorded turn when `model` is a replay. */
  phase?: Phase;
  /** Visible output tokens wanted; reasoning headroom is added for reasoning models. */
  maxOutputTokens?: number;
  /** Use exactly this max-output value (no headroom added). */
  exactMaxOutputTokens?: number;
  temperature?: number;
  providerOptions?: Record<string, Record<string, string | number | boolean | null>>;
  onText?: (delta: string) => void;
  /** Reasoning deltas (for a "thinking…" indicator); never part of the answer. */
  onReasoning?: (delta: string) => void;
  signal?: AbortSignal;
  /** Extra attempts after the first, for transient errors. Default 3. */
  retries?: number;
  /** First backoff; doubles each retry, capped at maxBackoffMs. Defaults 1000 / 20000. */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** Injectable for tests. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  now?: () => number;
}

/** A failed call. `partialText` holds what was streamed before a mid-stream failure. */
export class GenerateError extends Error {
  override name = "GenerateError";
  constructor(
    message: string,
    readonly kind: "aborted" | "transient" | "fatal",
    readonly attempts: number,
    readonly status?: number,
    readonly partialText = "",
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

function statusOf(err: unknown): number | undefined {
  if (APICallError.isInstance(err)) return err.statusCode;
  const e = err as { statusCode?: unknown; status?: unknown } | null;
  const s = e?.statusCode ?? e?.status;
  return typeof s === "number" ? s : undefined;
}

/** 429, 5xx, 408, and network failures (no status) are worth another try. */
export function isTransient(err: unknown): boolean {
  const status = statusOf(err);
  if (status !== undefined) return status === 408 || status === 429 || status >= 500;
  if (APICallError.isInstance(err)) return err.isRetryable;
  return err instanceof TypeError; // fetch's network failure
}

function retryAfterMs(err: unknown): number | undefined {
  if (!APICallError.isInstance(err)) return undefined;
  const h = err.responseHeaders ?? {};
  const value = h["retry-after"] ?? h["Retry-After"];
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : undefined;
}

const defaultSleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => (clearTimeout(timer), reject(signal.reason)), { once: true });
  });

function mapFinish(reason: string | undefined): FinishReason {
  switch (reason) {
    case "stop":
    case "length":
    case "content-filter":
    case "tool-calls":
    case "error":
      return reason;
    default:
      return "other";
  }
}

export async function generate(options: GenerateOptions): Promise<GenerateResult> {
  const now = options.now ?? (() => performance.now());
  const sleep = options.sleep ?? defaultSleep;
  const retries = options.retries ?? 3;
  const started = now();
  const promptTokens = estimateTokens((options.system ?? "") + options.messages.map((m) => m.content).join(""));
  const maxOutputTokens =
    options.exactMaxOutputTokens ??
    outputTokenBudget(options.model.modelId, options.maxOutputTokens ?? 8192, promptTokens);
  const messages: ModelMessage[] = options.messages.map((m) => ({ role: m.role, content: m.content }));
  const providerOptions = {
    ...(options.providerOptions ?? {}),
    ...(options.phase ? { "kiln-replay": { phase: options.phase } } : {}),
  };

  for (let attempt = 1; ; attempt++) {
    if (options.signal?.aborted) throw new GenerateError("The generation was stopped.", "aborted", attempt - 1);
    let text = "";
    let reasoningChars = 0;
    let firstText: number | undefined;
    const attemptStart = now();
    try {
      const result = streamText({
        model: options.model,
        ...(options.system ? { system: options.system } : {}),
        messages,
        maxOutputTokens,
        ...(options.temperature !== undefined ? { temperature: options.temperature } : {}),
        providerOptions,
        maxRetries: 0, // retries are ours: bounded, and never after text was shown
        ...(options.signal ? { abortSignal: options.signal } : {}),
      });
      let finishReason: FinishReason = "other";
      let usage: GenerateUsage = { inputTokens: 0, outputTokens: 0 };
      for await (const part of result.fullStream) {
        switch (part.type) {
          case "text-delta":
            if (!part.text) break;
            firstText ??= now() - attemptStart;
            text += part.text;
            options.onText?.(part.text);
            break;
          case "reasoning-delta":
            reasoningChars += part.text.length;
            options.onReasoning?.(part.text);
            break;
          case "error":
            throw part.error;
          case "abort":
            throw new GenerateError("The generation was stopped.", "aborted", attempt, undefined, text);
          case "finish": {
            finishReason = mapFinish(part.finishReason);
            const u = part.totalUsage;
            const reported = u.outputTokenDetails?.reasoningTokens;
            usage = {
              inputTokens: u.inputTokens ?? 0,
              outputTokens: u.outputTokens ?? 0,
              ...(reported
                ? { reasoningTokens: reported }
                : reasoningChars
                  ? { reasoningTokens: Math.ceil(reasoningChars / 3.5), reasoningTokensEstimated: true }
                  : {}),
            };
            break;
          }
        }
      }
      if (options.signal?.aborted)
        throw new GenerateError("The generation was stopped.", "aborted", attempt, undefined, text);
      return {
        text,
        finishReason,
        truncated: finishReason === "length",
        reasoningExhausted: finishReason === "length" && text.trim() === "" && reasoningChars > 0,
        usage,
        durationMs: Math.round(now() - started),
        ...(firstText !== undefined ? { timeToFirstTextMs: Math.round(firstText) } : {}),
        attempts: attempt,
        reasoningChars,
        modelId: options.model.modelId,
      };
    } catch (err) {
      if (err instanceof GenerateError) throw err;
      if (options.signal?.aborted)
        throw new GenerateError("The generation was stopped.", "aborted", attempt, undefined, text, { cause: err });
      const status = statusOf(err);
      const message = err instanceof Error ? err.message : String(err);
      if (!isTransient(err))
        throw new GenerateError(`The model call failed: ${message}`, "fatal", attempt, status, text, { cause: err });
      if (text || attempt > retries) {
        throw new GenerateError(
          `The model call failed after ${attempt} attempt(s): ${message}`,
          "transient",
          attempt,
          status,
          text,
          { cause: err },
        );
      }
      const base = Math.min(options.maxBackoffMs ?? 20_000, (options.backoffMs ?? 1000) * 2 ** (attempt - 1));
      const wait = Math.min(options.maxBackoffMs ?? 20_000, Math.max(base, retryAfterMs(err) ?? 0));
      try {
        await sleep(wait, options.signal);
      } catch (abort) {
        throw new GenerateError("The generation was stopped.", "aborted", attempt, undefined, "", { cause: abort });
      }
    }
  }
}
