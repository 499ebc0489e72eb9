/**
 * Which model Kiln uses: the platform default from environment variables, overridden by a user's
 * own settings; offline (null) when nothing is configured, which is the default on a fresh clone.
 *
 * Platform settings (wrangler vars / secrets, .dev.vars locally):
 *   AI_PROVIDER            workers-ai | openai-compatible | anthropic | offline
 *                          (unset: workers-ai when the AI binding or Cloudflare credentials exist,
 *                          openai-compatible when AI_BASE_URL is set, otherwise offline)
 *   AI_MODEL               model id; default @cf/zai-org/glm-4.7-flash for workers-ai
 *   AI_BASE_URL            OpenAI-compatible endpoint (…/v1) or an Anthropic base URL
 *   AI_API_KEY             key for AI_BASE_URL / Anthropic (a secret)
 *   AI_REASONING_EFFORT    low | medium | high, for reasoning models that accept it
 *   CLOUDFLARE_ACCOUNT_ID  Workers AI over REST (when there is no AI binding)
 *   CLOUDFLARE_API_TOKEN   Workers AI over REST (a secret)
 *   AI                     optional Workers AI binding (wrangler "ai": { "binding": "AI" })
 *
 * A user's API key is stored encrypted (AES-GCM, key derived with HKDF from PLATFORM_JWT_SECRET):
 * store `{ provider, model, baseURL, accountId, encryptedKey }` and never return the key.
 */
import type { Env } from "../env";
import { SecretBoxError, openSecret, sealSecret } from "../security/secret-box";
import { DEFAULT_MODEL, type ModelConfig, type ProviderName, type ReasoningEffort } from "./providers";

/** The platform settings the model choice reads (README's configuration table). */
export type AiEnv = Pick<Env, "AI" | "AI_PROVIDER" | "AI_MODEL" | "AI_BASE_URL" | "AI_API_KEY" | "AI_REASONING_EFFORT" | "CLOUDFLARE_ACCOUNT_ID" | "CLOUDFLARE_API_TOKEN" | "PLATFORM_JWT_SECRET">;

/** What a user may save (the key only ever in encrypted form). */
export interface UserModelSettings {
  provider: ProviderName | "offline";
  model?: string | null;
  baseURL?: string | null;
  accountId?: string | null;
  /** From encryptSecret(); never sent back to the browser. */
  encryptedKey?: string | null;
}

export interface ResolvedModel {
  config: ModelConfig | null;
  source: "user" | "platform" | "offline";
}

export class AiConfigError extends Error {
  override name = "AiConfigError";
}

const PROVIDERS: ProviderName[] = ["workers-ai", "openai-compatible", "anthropic"];
const s = (v: string | null | undefined) => (v && v.trim() ? v.trim() : undefined);

function effort(v: string | undefined): ReasoningEffort | undefined {
  return v === "low" || v === "medium" || v === "high" ? v : undefined;
}

/**
 * Why a user's model base URL cannot be used, or null when it can. Kiln's Worker fetches it with
 * the user's key, so only http(s) (no file:, data:, javascript:, ftp:) and no credentials in the
 * URL itself (the key goes in apiKey, where it is stored encrypted). Loopback and private hosts
 * stay allowed: that is where a local Ollama or vLLM listens.
 */
export function baseURLProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "must be a URL such as http://localhost:11434/v1";
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return `must be an http:// or https:// URL such as http://localhost:11434/v1, not ${url.protocol}`;
  if (url.username || url.password) return "must not contain a user name or password; send the key as apiKey, where it is stored encrypted";
  return null;
}

function checkedBaseURL(value: string | undefined): string | undefined {
  const problem = value === undefined ? null : baseURLProblem(value);
  if (problem) throw new AiConfigError(`The saved base URL ${problem}. Change it in Settings.`);
  return value;
}

/** The platform's default model, from the environment; null = offline. */
export function platformModelConfig(env: AiEnv): ModelConfig | null {
  const requested = s(env.AI_PROVIDER)?.toLowerCase();
  if (requested === "offline" || requested === "none") return null;
  const provider: ProviderName | undefined =
    requested !== undefined
      ? (PROVIDERS.find((p) => p === requested) ??
        (() => {
          throw new AiConfigError(`AI_PROVIDER must be one of ${PROVIDERS.join(", ")} or offline (got "${env.AI_PROVIDER}").`);
        })())
      : env.AI || (s(env.CLOUDFLARE_ACCOUNT_ID) && s(env.CLOUDFLARE_API_TOKEN))
        ? "workers-ai"
        : s(env.AI_BASE_URL)
          ? "openai-compatible"
          : undefined;
  if (!provider) return null;
  const reasoningEffort = effort(s(env.AI_REASONING_EFFORT));
  switch (provider) {
    case "workers-ai":
      return {
        provider,
        model: s(env.AI_MODEL) ?? DEFAULT_MODEL,
        ...(s(env.CLOUDFLARE_ACCOUNT_ID) ? { accountId: s(env.CLOUDFLARE_ACCOUNT_ID) } : {}),
        ...(s(env.CLOUDFLARE_API_TOKEN) ? { apiToken: s(env.CLOUDFLARE_API_TOKEN) } : {}),
        ...(reasoningEffort ? { reasoningEffort } : {}),
      };
    case "openai-compatible": {
      const baseURL = s(env.AI_BASE_URL);
      const model = s(env.AI_MODEL);
      if (!baseURL || !model) throw new AiConfigError("AI_PROVIDER=openai-compatible needs AI_BASE_URL and AI_MODEL.");
      return { provider, baseURL, model, ...(s(env.AI_API_KEY) ? { apiKey: s(env.AI_API_KEY) } : {}), ...(reasoningEffort ? { reasoningEffort } : {}) };
    }
    case "anthropic": {
      const apiKey = s(env.AI_API_KEY);
      if (!apiKey) throw new AiConfigError("AI_PROVIDER=anthropic needs AI_API_KEY.");
      return { provider, apiKey, model: s(env.AI_MODEL) ?? "claude-sonnet-4-5", ...(s(env.AI_BASE_URL) ? { baseURL: s(env.AI_BASE_URL) } : {}) };
    }
  }
}

/**
 * The model for one user: their settings when they saved any, else the platform default.
 * Platform credentials are reused only where they cannot leak: the same provider and, for
 * endpoint-based providers, the same base URL (a user-chosen URL never receives the platform key).
 */
export async function resolveModelConfig(env: AiEnv, user?: UserModelSettings | null, aad?: string): Promise<ResolvedModel> {
  const platform = platformModelConfig(env);
  if (!user) return platform ? { config: platform, source: "platform" } : { config: null, source: "offline" };
  if (user.provider === "offline") return { config: null, source: "offline" };
  const key = user.encryptedKey ? await decryptSecret(user.encryptedKey, requireSecret(env), aad) : undefined;
  const same = platform?.provider === user.provider ? platform : undefined;
  switch (user.provider) {
    case "workers-ai": {
      const inherited = same?.provider === "workers-ai" ? same : undefined;
      const ownCredentials = s(user.accountId) && key;
      return {
        source: "user",
        config: {
          provider: "workers-ai",
          model: s(user.model) ?? inherited?.model ?? DEFAULT_MODEL,
          ...(ownCredentials
            ? { accountId: s(user.accountId)!, apiToken: key }
            : {
                ...(inherited?.accountId ? { accountId: inherited.accountId } : {}),
                ...(inherited?.apiToken ? { apiToken: inherited.apiToken } : {}),
              }),
          ...(inherited?.reasoningEffort ? { reasoningEffort: inherited.reasoningEffort } : {}),
        },
      };
    }
    case "openai-compatible": {
      const baseURL = checkedBaseURL(s(user.baseURL));
      const model = s(user.model);
      if (!baseURL || !model) throw new AiConfigError("An OpenAI-compatible model needs a base URL and a model name.");
      const inheritedKey = same?.provider === "openai-compatible" && same.baseURL.replace(/\/+$/, "") === baseURL.replace(/\/+$/, "") ? same.apiKey : undefined;
      const apiKey = key ?? inheritedKey;
      return { source: "user", config: { provider: "openai-compatible", baseURL, model, ...(apiKey ? { apiKey } : {}) } };
    }
    case "anthropic": {
      const baseURL = checkedBaseURL(s(user.baseURL));
      const inheritedKey = same?.provider === "anthropic" && (same.baseURL ?? "") === (baseURL ?? "") ? same.apiKey : undefined;
      const apiKey = key ?? inheritedKey;
      if (!apiKey) throw new AiConfigError("Anthropic needs an API key.");
      return { source: "user", config: { provider: "anthropic", apiKey, model: s(user.model) ?? "claude-sonnet-4-5", ...(baseURL ? { baseURL } : {}) } };
    }
  }
}

/** A config fit to show (API responses, logs): no keys or tokens, only whether one is set. */
export function describeModelConfig(config: ModelConfig | null): { provider: ProviderName | "offline"; model?: string; baseURL?: string; hasKey: boolean } {
  if (!config) return { provider: "offline", hasKey: false };
  switch (config.provider) {
    case "workers-ai":
      return { provider: config.provider, model: config.model ?? DEFAULT_MODEL, hasKey: Boolean(config.apiToken) };
    case "openai-compatible":
      return { provider: config.provider, model: config.model, baseURL: config.baseURL, hasKey: Boolean(config.apiKey) };
    case "anthropic":
      return { provider: config.provider, model: config.model, ...(config.baseURL ? { baseURL: config.baseURL } : {}), hasKey: Boolean(config.apiKey) };
  }
}

function requireSecret(env: AiEnv): string {
  const secret = env.PLATFORM_JWT_SECRET;
  if (!secret || secret.length < 32) throw new AiConfigError("PLATFORM_JWT_SECRET is not set (or shorter than 32 characters); stored keys cannot be decrypted.");
  return secret;
}

// ---------------------------------------------------------------------------------------------
// Model keys at rest (src/security/secret-box.ts), bound to their user by `aad`.

const MODEL_KEYS = "user model api keys";

/**
 * Encrypts a secret for storage. `aad` (e.g. the user id) binds the ciphertext to its owner: a
 * value copied to another row does not decrypt there.
 */
export function encryptSecret(plaintext: string, platformSecret: string, aad?: string): Promise<string> {
  return sealSecret(plaintext, platformSecret, MODEL_KEYS, aad);
}

/** Decrypts what encryptSecret() produced; throws on a wrong secret, wrong aad or tampering. */
export async function decryptSecret(stored: string, platformSecret: string, aad?: string): Promise<string> {
  try {
    return await openSecret(stored, platformSecret, MODEL_KEYS, aad);
  } catch (err) {
    if (err instanceof SecretBoxError && err.reason === "format") throw new AiConfigError("Not an encrypted secret.");
    throw new AiConfigError("The stored key cannot be decrypted (was PLATFORM_JWT_SECRET changed?). Enter the key again.");
  }
}
