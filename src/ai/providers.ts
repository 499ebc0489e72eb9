/**
 * One AI SDK language model for a model configuration: Workers AI (the AI binding on Cloudflare,
 * the REST API elsewhere), any OpenAI-compatible endpoint, Anthropic, or `null` = offline.
 * Every provider takes an injected `fetch`: that is how tests replay recorded wire traffic.
 */
import { createAnthropic } from "@ai-sdk/anthropic";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import type { LanguageModelV4 } from "@ai-sdk/provider";
import { createWorkersAI } from "workers-ai-provider";

export const DEFAULT_MODEL = "@cf/zai-org/glm-4.7-flash";

export type ReasoningEffort = "low" | "medium" | "high";

export type ModelConfig =
  | {
      provider: "workers-ai";
      /** Default: @cf/zai-org/glm-4.7-flash */
      model?: string;
      /** REST API only (no AI binding): the account and an API token with Workers AI permission. */
      accountId?: string;
      apiToken?: string;
      reasoningEffort?: ReasoningEffort;
    }
  | {
      provider: "openai-compatible";
      /** e.g. http://localhost:11434/v1 (Ollama), http://localhost:8000/v1 (vLLM), https://openrouter.ai/api/v1, https://api.z.ai/api/paas/v4 */
      baseURL: string;
      apiKey?: string;
      model: string;
      reasoningEffort?: ReasoningEffort;
    }
  | {
      provider: "anthropic";
      apiKey: string;
      model: string;
      /** Default: https://api.anthropic.com/v1 */
      baseURL?: string;
    };

export type ProviderName = ModelConfig["provider"];

export interface ProviderDeps {
  /** Replaces the network (tests replay recorded responses through it). */
  fetch?: typeof fetch;
  /** The Workers AI binding (env.AI), used for "workers-ai" when present. */
  ai?: Ai;
}

/** Thrown for a configuration that cannot make a model (the message says what is missing). */
export class ModelConfigError extends Error {
  override name = "ModelConfigError";
}

/** The model a config names, with the default filled in. */
export function modelId(config: ModelConfig): string {
  return config.provider === "workers-ai" ? config.model || DEFAULT_MODEL : config.model;
}

/**
 * Models that think before they answer and spend output tokens on it (reasoning_content, returned
 * separately, counted in completion tokens). GLM-4.7-flash always does.
 */
export function isReasoningModel(id: string): boolean {
  return /glm-4\.[5-9]|glm-[5-9]|qwen3|qwq|deepseek-r1|deepseek-reasoner|gpt-oss|kimi-k2|magistral|o[134]-|reason|think/i.test(id);
}

/** Context windows we know; a conservative default otherwise. */
export function contextWindow(id: string): number {
  if (/glm-4\.7-flash/i.test(id)) return 131_072;
  if (/claude/i.test(id)) return 200_000;
  return 32_768;
}

/**
 * max output tokens to request for `visibleTokens` of answer. A reasoning model spends part of the
 * same budget on thinking (GLM-4.7-flash: an exhausted budget gives empty content), so it gets
 * headroom; capped to leave room for the prompt.
 */
export function outputTokenBudget(id: string, visibleTokens: number, promptTokens = 0): number {
  const wanted = isReasoningModel(id) ? visibleTokens + Math.max(4096, Math.round(visibleTokens * 0.5)) : visibleTokens;
  const room = contextWindow(id) - promptTokens - 256;
  return Math.max(256, Math.min(wanted, room));
}

/** Per-call provider options (reasoning effort where the provider knows it). */
export function providerOptionsFor(config: ModelConfig): Record<string, Record<string, string>> {
  if (config.provider === "workers-ai" && config.reasoningEffort) return { "workers-ai": { reasoning_effort: config.reasoningEffort } };
  if (config.provider === "openai-compatible" && config.reasoningEffort) return { "openai-compatible": { reasoningEffort: config.reasoningEffort } };
  return {};
}

/**
 * The language model for `config`; `null` (no model configured) means offline: the heuristic
 * planner and the scaffold run, and the UI says that no model is connected.
 */
export function createLanguageModel(config: ModelConfig | null, deps: ProviderDeps = {}): LanguageModelV4 | null {
  if (!config) return null;
  switch (config.provider) {
    case "workers-ai": {
      const id = modelId(config);
      if (deps.ai) {
        return createWorkersAI({ binding: deps.ai })(id);
      }
      if (!config.accountId || !config.apiToken) {
        throw new ModelConfigError("Workers AI needs the AI binding, or an account id and an API token (CLOUDFLARE_ACCOUNT_ID, CLOUDFLARE_API_TOKEN).");
      }
      // REST: POST https://api.cloudflare.com/client/v4/accounts/{id}/ai/run/{model}, SSE when streaming.
      return createWorkersAI({ accountId: config.accountId, apiKey: config.apiToken, ...(deps.fetch ? { fetch: deps.fetch } : {}) })(id);
    }
    case "openai-compatible": {
      if (!config.baseURL) throw new ModelConfigError("An OpenAI-compatible provider needs a base URL (AI_BASE_URL), e.g. http://localhost:11434/v1.");
      if (!config.model) throw new ModelConfigError("An OpenAI-compatible provider needs a model name (AI_MODEL).");
      return createOpenAICompatible({
        // Also the providerOptions key it reads ("openai-compatible"); unknown keys there go into the request body.
        name: "openai-compatible",
        baseURL: config.baseURL.replace(/\/+$/, ""),
        ...(config.apiKey ? { apiKey: config.apiKey } : {}),
        // Usage (with reasoning tokens) arrives in the last SSE chunk only when asked for.
        includeUsage: true,
        ...(deps.fetch ? { fetch: deps.fetch } : {}),
      }).chatModel(config.model);
    }
    case "anthropic": {
      if (!config.apiKey) throw new ModelConfigError("Anthropic needs an API key (AI_API_KEY).");
      return createAnthropic({
        apiKey: config.apiKey,
        ...(config.baseURL ? { baseURL: config.baseURL.replace(/\/+$/, "") } : {}),
        ...(deps.fetch ? { fetch: deps.fetch } : {}),
      })(config.model || "claude-sonnet-4-5");
    }
  }
}

/** A connected model with what every call to it needs. */
export interface ModelHandle {
  model: LanguageModelV4;
  /** Pass to generate({ providerOptions }) (reasoning effort where supported). */
  providerOptions: Record<string, Record<string, string>>;
  config: ModelConfig;
}

/** createLanguageModel() plus the per-call options; null = offline. */
export function connectModel(config: ModelConfig | null, deps: ProviderDeps = {}): ModelHandle | null {
  const model = createLanguageModel(config, deps);
  return model && config ? { model, providerOptions: providerOptionsFor(config), config } : null;
}
