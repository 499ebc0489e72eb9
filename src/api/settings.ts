import { Hono } from "hono";
import { z } from "zod";
import { baseURLProblem, encryptSecret, describeModelConfig, platformModelConfig } from "../ai/config";
import { PROVIDER_NAMES, providerForms, providerNamed } from "../ai/providers";
import { userSettings } from "../agent/model-for-user";
import type { AppEnv } from "../env";
import { ApiError } from "./errors";
import { parseJson } from "./parse";
import { platformSecret } from "./platform-secret";
import { requireUser } from "./require-user";

/** A user's model settings. Keys are stored encrypted and never sent back. */
export const settingsRoutes = new Hono<AppEnv>();
settingsRoutes.use("/api/settings/*", requireUser);

const choices = ["offline", ...PROVIDER_NAMES];
const AiSettings = z.object({
  provider: z.enum(["offline", "replay", ...PROVIDER_NAMES], { error: `provider: ${choices.slice(0, -1).join(", ")} or ${choices.at(-1)}` }),
  model: z.string().trim().max(200).optional().nullable(),
  baseURL: z
    .string({ error: "must be a URL such as http://localhost:11434/v1" })
    .trim()
    .max(500, { error: "must be at most 500 characters" })
    .superRefine((url, ctx) => {
      const problem = baseURLProblem(url);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    })
    .optional()
    .nullable(),
  accountId: z.string().trim().max(100).optional().nullable(),
  apiKey: z.string().min(1).max(1000).optional(),
  transcript: z.unknown().optional(),
});

settingsRoutes.get("/api/settings/ai", async (c) => {
  const row = await userSettings(c.env.DB, c.var.user.id);
  const platform = describeModelConfig(platformModelConfig(c.env));
  return c.json({
    settings: row ? { provider: row.provider, model: row.model, baseURL: row.base_url, accountId: row.account_id, hasKey: Boolean(row.encrypted_key) } : null,
    platform,
    effective: row ? (row.provider === "offline" ? "offline" : "yours") : platform.provider === "offline" ? "offline" : "platform",
    // What the settings form offers (besides offline).
    providers: providerForms(),
  });
});

settingsRoutes.put("/api/settings/ai", async (c) => {
  const body = await parseJson(c, AiSettings);
  if (body.provider === "replay" && c.env.ALLOW_REPLAY_PROVIDER !== "true") throw new ApiError(400, "invalid_request", "provider: replay is only available where ALLOW_REPLAY_PROVIDER=true (tests and demos).");
  const problem = body.provider === "offline" || body.provider === "replay" ? null : providerNamed(body.provider).saveProblem?.(body);
  if (problem) throw new ApiError(400, "invalid_request", problem);
  const previous = await userSettings(c.env.DB, c.var.user.id);
  // A new key replaces the old; no key keeps the stored one while the provider stays the same.
  const encryptedKey = body.apiKey ? await encryptSecret(body.apiKey, platformSecret(c.env), c.var.user.id) : previous?.provider === body.provider ? (previous.encrypted_key ?? null) : null;
  await c.env.DB.prepare(
    "INSERT INTO user_ai_settings (user_id, provider, model, base_url, account_id, encrypted_key, transcript) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (user_id) DO UPDATE SET provider = excluded.provider, model = excluded.model, base_url = excluded.base_url, account_id = excluded.account_id, encrypted_key = excluded.encrypted_key, transcript = excluded.transcript, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')",
  )
    .bind(c.var.user.id, body.provider, body.model ?? null, body.baseURL ?? null, body.accountId ?? null, encryptedKey, body.transcript === undefined ? null : JSON.stringify(body.transcript))
    .run();
  return c.json({ settings: { provider: body.provider, model: body.model ?? null, baseURL: body.baseURL ?? null, accountId: body.accountId ?? null, hasKey: Boolean(encryptedKey) } });
});
