/**
 * Which model Kiln uses: the platform default from environment variables, overridden by a user's
 * own settings; offline (null) when nothing is configured, which is the default on a fresh clone.
 *
 * Platform settings (wrangler vars / secrets, .dev.vars locally):
 *   AI_PROVIDER            a name in PROVIDERS (src/ai/providers.ts: workers-ai | openai-compatible |
 *                          anthropic) or offline (unset: the first provider whose `detect` says
 *                          the settings point at it — workers-ai when the AI binding or Cloudflare
 *                          credentials exist, openai-compatible when AI_BASE_URL is set — else offline)
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
import { SecretBoxError, openSecret, openingKeys, sealSecret } from "../security/secret-box";
import {
  PROVIDER_NAMES,
  PROVIDERS,
  providerNamed,
  providerOf,
  type ModelConfig,
  type PlatformVars,
  type ProviderName,
  type ReasoningEffort,
} from "./providers";

/** The platform settings the model choice reads (README's configuration table). */
export type AiEnv = Pick<
  Env,
  | "AI"
  | "AI_PROVIDER"
  | "AI_MODEL"
  | "AI_BASE_URL"
  | "AI_API_KEY"
  | "AI_REASONING_EFFORT"
  | "CLOUDFLARE_ACCOUNT_ID"
  | "CLOUDFLARE_API_TOKEN"
  | "PLATFORM_JWT_SECRET"
  | "PLATFORM_JWT_SECRET_PREVIOUS"
>;

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

const s = (v: string | null | undefined) => (v && v.trim() ? v.trim() : undefined);

function effort(v: string | undefined): ReasoningEffort | undefined {
  return v === "low" || v === "medium" || v === "high" ? v : undefined;
}

/** A provider's config, or the problem it named thrown as an AiConfigError. */
function orThrow(result: ModelConfig | string): ModelConfig {
  if (typeof result === "string") throw new AiConfigError(result);
  return result;
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
  if (url.protocol !== "http:" && url.protocol !== "https:")
    return `must be an http:// or https:// URL such as http://localhost:11434/v1, not ${url.protocol}`;
  if (url.username || url.password)
    return "must not contain a user name or password; send the key as apiKey, where it is stored encrypted";
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
  const vars: PlatformVars = {
    model: s(env.AI_MODEL),
    baseURL: s(env.AI_BASE_URL),
    apiKey: s(env.AI_API_KEY),
    accountId: s(env.CLOUDFLARE_ACCOUNT_ID),
    apiToken: s(env.CLOUDFLARE_API_TOKEN),
    reasoningEffort: effort(s(env.AI_REASONING_EFFORT)),
    binding: Boolean(env.AI),
  };
  const provider: ProviderName | undefined =
    requested !== undefined
      ? (PROVIDER_NAMES.find((p) => p === requested) ??
        (() => {
          throw new AiConfigError(
            `AI_PROVIDER must be one of ${PROVIDER_NAMES.join(", ")} or offline (got "${env.AI_PROVIDER}").`,
          );
        })())
      : PROVIDER_NAMES.find((p) => PROVIDERS[p].detect?.(vars));
  return provider ? orThrow(PROVIDERS[provider].fromPlatform(vars)) : null;
}

/**
 * The model for one user: their settings when they saved any, else the platform default.
 * Platform credentials are reused only where they cannot leak: the same provider and, for
 * endpoint-based providers, the same base URL (a user-chosen URL never receives the platform key).
 */
export async function resolveModelConfig(
  env: AiEnv,
  user?: UserModelSettings | null,
  aad?: string,
): Promise<ResolvedModel> {
  const platform = platformModelConfig(env);
  if (!user) return platform ? { config: platform, source: "platform" } : { config: null, source: "offline" };
  if (user.provider === "offline") return { config: null, source: "offline" };
  const key = user.encryptedKey
    ? await decryptSecret(user.encryptedKey, [requireSecret(env), ...openingKeys(env).slice(1)], aad)
    : undefined;
  const provider = providerNamed(user.provider);
  const same = platform?.provider === user.provider ? platform : undefined;
  const baseURL = provider.usesBaseURL ? checkedBaseURL(s(user.baseURL)) : undefined;
  return {
    source: "user",
    config: orThrow(provider.fromUser({ model: s(user.model), baseURL, accountId: s(user.accountId), key }, same)),
  };
}

/** A config fit to show (API responses, logs): no keys or tokens, only whether one is set. */
export function describeModelConfig(config: ModelConfig | null): {
  provider: ProviderName | "offline";
  model?: string;
  baseURL?: string;
  hasKey: boolean;
} {
  return config
    ? { provider: config.provider, ...providerOf(config).describe(config) }
    : { provider: "offline", hasKey: false };
}

function requireSecret(env: AiEnv): string {
  const secret = env.PLATFORM_JWT_SECRET;
  if (!secret || secret.length < 32)
    throw new AiConfigError(
      "PLATFORM_JWT_SECRET is not set (or shorter than 32 characters); stored keys cannot be decrypted.",
    );
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
export async function decryptSecret(
  stored: string,
  platformSecret: string | readonly string[],
  aad?: string,
): Promise<string> {
  try {
    return await openSecret(stored, platformSecret, MODEL_KEYS, aad);
  } catch (err) {
    if (err instanceof SecretBoxError && err.reason === "format") throw new AiConfigError("Not an encrypted secret.");
    throw new AiConfigError(
      "The stored key cannot be decrypted (was PLATFORM_JWT_SECRET changed?). Enter the key again.",
    );
  }
}
