import type { LanguageModelV4 } from "@ai-sdk/provider";
import { resolveModelConfig, type UserModelSettings } from "../ai/config";
import { createLanguageModel, modelId } from "../ai/providers";
import { replayModel, type Transcript } from "../ai/replay";
import type { Env } from "../env";
import { userSettings } from "../store/ai-settings";

/** The model a user's generations use (their settings, else the platform's), or null offline. */
export async function modelForUser(env: Env, userId: string): Promise<{ model: LanguageModelV4; name: string } | null> {
  const row = await userSettings(env.DB, userId);
  if (row?.provider === "replay") {
    // Recorded transcripts stand in for a model in tests and demos, never by accident in production.
    if (env.ALLOW_REPLAY_PROVIDER !== "true" || !row.transcript) return null;
    const transcript = JSON.parse(row.transcript) as Transcript;
    return { model: replayModel(transcript, { lenient: false }), name: `replay:${transcript.name}` };
  }
  const settings: UserModelSettings | null = row && {
    provider: row.provider as UserModelSettings["provider"],
    model: row.model,
    baseURL: row.base_url,
    accountId: row.account_id,
    encryptedKey: row.encrypted_key,
  };
  const { config } = await resolveModelConfig(env, settings, userId);
  const model = createLanguageModel(config, { ai: env.AI });
  return model && config ? { model, name: modelId(config) } : null;
}
