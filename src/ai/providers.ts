/**
 * One AI SDK language model for a model configuration: Workers AI (the AI binding on Cloudflare,
 * the REST API elsewhere), any OpenAI-compatible endpoint, Anthropic, or `null` = offline.
 * Every provider takes an injected `fetch`: that is how tests replay recorded wire traffic.
 *
 * Each provider is one record (Provider): its settings form, how its config comes from the
 * platform's environment and from a user's settings, how it is shown, and how its model is made.
 * The platform's settings (src/ai/config.ts), the settings API and the UI's form all read PROVIDERS.
 */
import { createAnthropic } from "@ai-sdk/anthropic";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import type { LanguageModelV4 } from "@ai-sdk/provider";
import { createWorkersAI } from "workers-ai-provider";
import type { ProviderForm } from "./provider-form";

export type { ProviderForm } from "./provider-form";

export const DEFAULT_MODEL = "@cf/zai-org/glm-4.7-flash";

export type ReasoningEffort = "low" | "medium" | "high";

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

/** The platform's model settings (src/ai/config.ts reads them from the environment), trimmed; unset is undefined. */
export interface PlatformVars {
  model?: string;
  baseURL?: string;
  apiKey?: string;
  accountId?: string;
  apiToken?: string;
  reasoningEffort?: ReasoningEffort;
  /** The Workers AI binding exists. */
  binding: boolean;
}

/** A user's saved model settings, trimmed (the base URL already checked), with their decrypted key. */
export interface UserVars {
  model?: string;
  baseURL?: string;
  accountId?: string;
  key?: string;
}

/**
 * Everything Kiln knows about one model provider: adding a provider is adding one of these to
 * PROVIDERS. A result that is a string is the problem with the settings (the caller says whose).
 */
export interface Provider<C extends { provider: string }> {
  form: Omit<ProviderForm, "id">;
  /** Whether a user's base URL is read (and so checked) for this provider. */
  usesBaseURL: boolean;
  /** With AI_PROVIDER unset: whether the platform's settings point at this provider (PROVIDERS order decides). */
  detect?(vars: PlatformVars): boolean;
  fromPlatform(vars: PlatformVars): C | string;
  /**
   * A user's config. `platform` is the platform's config when it is the same provider: its
   * credentials are reused only where they cannot leak (for endpoint-based providers, the same base URL).
   */
  fromUser(user: UserVars, platform: C | undefined): C | string;
  /** Why a user's settings cannot be saved, or null (before anything is stored). */
  saveProblem?(settings: { model?: string | null; baseURL?: string | null }): string | null;
  /** The model a config names, with the default filled in. */
  modelId(config: C): string;
  /** A config fit to show: no keys or tokens, only whether one is set. */
  describe(config: C): { model?: string; baseURL?: string; hasKey: boolean };
  /** Per-call provider options (reasoning effort where the provider knows it). */
  providerOptions(config: C): Record<string, Record<string, string>>;
  create(config: C, deps: ProviderDeps): LanguageModelV4;
}

const trimSlash = (url: string) => url.replace(/\/+$/, "");

interface WorkersAiConfig {
  provider: "workers-ai";
  /** Default: @cf/zai-org/glm-4.7-flash */
  model?: string;
  /** REST API only (no AI binding): the account and an API token with Workers AI permission. */
  accountId?: string;
  apiToken?: string;
  reasoningEffort?: ReasoningEffort;
}

const workersAi: Provider<WorkersAiConfig> = {
  form: { label: "Workers AI", modelPlaceholder: "e.g. glm-4.7-flash", baseURL: false },
  usesBaseURL: false,
  detect: (vars) => vars.binding || Boolean(vars.accountId && vars.apiToken),
  fromPlatform: (vars) => ({
    provider: "workers-ai",
    model: vars.model ?? DEFAULT_MODEL,
    ...(vars.accountId ? { accountId: vars.accountId } : {}),
    ...(vars.apiToken ? { apiToken: vars.apiToken } : {}),
    ...(vars.reasoningEffort ? { reasoningEffort: vars.reasoningEffort } : {}),
  }),
  fromUser: (user, inherited) => ({
    provider: "workers-ai",
    model: user.model ?? inherited?.model ?? DEFAULT_MODEL,
    ...(user.accountId && user.key
      ? { accountId: user.accountId, apiToken: user.key }
      : {
          ...(inherited?.accountId ? { accountId: inherited.accountId } : {}),
          ...(inherited?.apiToken ? { apiToken: inherited.apiToken } : {}),
        }),
    ...(inherited?.reasoningEffort ? { reasoningEffort: inherited.reasoningEffort } : {}),
  }),
  modelId: (config) => config.model || DEFAULT_MODEL,
  describe: (config) => ({ model: config.model ?? DEFAULT_MODEL, hasKey: Boolean(config.apiToken) }),
  providerOptions(config): Record<string, Record<string, string>> {
    if (!config.reasoningEffort) return {};
    return { "workers-ai": { reasoning_effort: config.reasoningEffort } };
  },
  create(config, deps) {
    const id = workersAi.modelId(config);
    if (deps.ai) {
      return createWorkersAI({ binding: deps.ai })(id);
    }
    if (!config.accountId || !config.apiToken) {
      throw new ModelConfigError(
        "Workers AI needs the AI binding, or an account id and an API token (CLOUDFLARE_ACCOUNT_ID, CLOUDFLARE_API_TOKEN).",
      );
    }
    // REST: POST https://api.cloudflare.com/client/v4/accounts/{id}/ai/run/{model}, SSE when streaming.
    return createWorkersAI({
      accountId: config.accountId,
      apiKey: config.apiToken,
      ...(deps.fetch ? { fetch: deps.fetch } : {}),
    })(id);
  },
};

interface OpenAICompatibleConfig {
  provider: "openai-compatible";
  /** e.g. http://localhost:11434/v1 (Ollama), http://localhost:8000/v1 (vLLM), https://openrouter.ai/api/v1, https://api.z.ai/api/paas/v4 */
  baseURL: string;
  apiKey?: string;
  model: string;
  reasoningEffort?: ReasoningEffort;
}

const openAICompatible: Provider<OpenAICompatibleConfig> = {
  form: {
    label: "OpenAI-compatible (Ollama, LM Studio, vLLM…)",
    modelPlaceholder: "e.g. glm-4.7-flash",
    baseURL: true,
  },
  usesBaseURL: true,
  detect: (vars) => Boolean(vars.baseURL),
  fromPlatform: ({ baseURL, model, apiKey, reasoningEffort }) =>
    !baseURL || !model
      ? "AI_PROVIDER=openai-compatible needs AI_BASE_URL and AI_MODEL."
      : {
          provider: "openai-compatible",
          baseURL,
          model,
          ...(apiKey ? { apiKey } : {}),
          ...(reasoningEffort ? { reasoningEffort } : {}),
        },
  fromUser: ({ baseURL, model, key }, platform) => {
    if (!baseURL || !model) return "An OpenAI-compatible model needs a base URL and a model name.";
    const apiKey =
      key ?? (platform && trimSlash(platform.baseURL) === trimSlash(baseURL) ? platform.apiKey : undefined);
    return { provider: "openai-compatible", baseURL, model, ...(apiKey ? { apiKey } : {}) };
  },
  saveProblem: ({ baseURL, model }) =>
    !baseURL || !model ? "An OpenAI-compatible provider needs baseURL and model." : null,
  modelId: (config) => config.model,
  describe: (config) => ({ model: config.model, baseURL: config.baseURL, hasKey: Boolean(config.apiKey) }),
  providerOptions(config): Record<string, Record<string, string>> {
    if (!config.reasoningEffort) return {};
    return { "openai-compatible": { reasoningEffort: config.reasoningEffort } };
  },
  create(config, deps) {
    if (!config.baseURL)
      throw new ModelConfigError(
        "An OpenAI-compatible provider needs a base URL (AI_BASE_URL), e.g. http://localhost:11434/v1.",
      );
    if (!config.model) throw new ModelConfigError("An OpenAI-compatible provider needs a model name (AI_MODEL).");
    return createOpenAICompatible({
      // Also the providerOptions key it reads ("openai-compatible"); unknown keys there go into the request body.
      name: "openai-compatible",
      baseURL: trimSlash(config.baseURL),
      ...(config.apiKey ? { apiKey: config.apiKey } : {}),
      // Usage (with reasoning tokens) arrives in the last SSE chunk only when asked for.
      includeUsage: true,
      ...(deps.fetch ? { fetch: deps.fetch } : {}),
    }).chatModel(config.model);
  },
};

interface AnthropicConfig {
  provider: "anthropic";
  apiKey: string;
  model: string;
  /** Default: https://api.anthropic.com/v1 */
  baseURL?: string;
}

const ANTHROPIC_MODEL = "claude-sonnet-4-5";

const anthropic: Provider<AnthropicConfig> = {
  form: { label: "Anthropic", modelPlaceholder: ANTHROPIC_MODEL, baseURL: false },
  usesBaseURL: true,
  fromPlatform: ({ apiKey, model, baseURL }) =>
    !apiKey
      ? "AI_PROVIDER=anthropic needs AI_API_KEY."
      : { provider: "anthropic", apiKey, model: model ?? ANTHROPIC_MODEL, ...(baseURL ? { baseURL } : {}) },
  fromUser: ({ baseURL, model, key }, platform) => {
    const apiKey = key ?? (platform && (platform.baseURL ?? "") === (baseURL ?? "") ? platform.apiKey : undefined);
    if (!apiKey) return "Anthropic needs an API key.";
    return { provider: "anthropic", apiKey, model: model ?? ANTHROPIC_MODEL, ...(baseURL ? { baseURL } : {}) };
  },
  modelId: (config) => config.model,
  describe: (config) => ({
    model: config.model,
    ...(config.baseURL ? { baseURL: config.baseURL } : {}),
    hasKey: Boolean(config.apiKey),
  }),
  providerOptions: () => ({}),
  create(config, deps) {
    if (!config.apiKey) throw new ModelConfigError("Anthropic needs an API key (AI_API_KEY).");
    return createAnthropic({
      apiKey: config.apiKey,
      ...(config.baseURL ? { baseURL: trimSlash(config.baseURL) } : {}),
      ...(deps.fetch ? { fetch: deps.fetch } : {}),
    })(config.model || ANTHROPIC_MODEL);
  },
};

/** The providers, by the name settings and AI_PROVIDER use; with AI_PROVIDER unset, the first detected one. */
export const PROVIDERS = {
  "workers-ai": workersAi,
  "openai-compatible": openAICompatible,
  anthropic,
};

export type ProviderName = keyof typeof PROVIDERS;
export type ModelConfig = {
  [K in ProviderName]: (typeof PROVIDERS)[K] extends Provider<infer C> ? C : never;
}[ProviderName];
export const PROVIDER_NAMES = Object.keys(PROVIDERS) as ProviderName[];

/** The record for a config's provider (typed for that config). */
export function providerOf<C extends ModelConfig>(config: C): Provider<C> {
  return PROVIDERS[config.provider] as unknown as Provider<C>;
}

/** The record for a provider name (for settings not yet checked against it). */
export function providerNamed(name: ProviderName): Provider<ModelConfig> {
  return PROVIDERS[name] as unknown as Provider<ModelConfig>;
}

/** What the settings form offers, in order. */
export function providerForms(): ProviderForm[] {
  return PROVIDER_NAMES.map((id) => ({ id, ...PROVIDERS[id].form }));
}

/** The model a config names, with the default filled in. */
export function modelId(config: ModelConfig): string {
  return providerOf(config).modelId(config);
}

/**
 * Models that think before they answer and spend output tokens on it (reasoning_content, returned
 * separately, counted in completion tokens). GLM-4.7-flash always does.
 */
export function isReasoningModel(id: string): boolean {
  return /glm-4\.[5-9]|glm-[5-9]|qwen3|qwq|deepseek-r1|deepseek-reasoner|gpt-oss|kimi-k2|magistral|o[134]-|reason|think/i.test(
    id,
  );
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
  return providerOf(config).providerOptions(config);
}

/**
 * The language model for `config`; `null` (no model configured) means offline: the heuristic
 * planner and the scaffold run, and the UI says that no model is connected.
 */
export function createLanguageModel(config: ModelConfig | null, deps: ProviderDeps = {}): LanguageModelV4 | null {
  return config ? providerOf(config).create(config, deps) : null;
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
