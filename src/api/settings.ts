import { createRoute, z } from "@hono/zod-openapi";
import { baseURLProblem, encryptSecret, describeModelConfig, platformModelConfig } from "../ai/config";
import { PROVIDER_NAMES, providerForms, providerNamed } from "../ai/providers";
import { saveUserSettings, userSettings } from "../store/ai-settings";
import { ApiError } from "./errors";
import { platformSecret } from "./platform-secret";
import { requireUser } from "./require-user";
import { anyTypeJson, routes, SESSION } from "./route";
import { AI_PROVIDERS, AiSettingsAnswerSchema, AiSettingsSchema, errorResponses, json } from "./schemas";

/** A user's model settings. Keys are stored encrypted and never sent back. */

// AI_PROVIDERS (in the schemas the UI reads) must name every provider of ai/providers.ts: the
// compiler says so here when one is added.
const CHOICES = ["offline", ...PROVIDER_NAMES] as const satisfies readonly (typeof AI_PROVIDERS)[number][];

const AiSettingsInput = z
  .object({
    provider: z.enum(AI_PROVIDERS, { error: `provider: ${CHOICES.slice(0, -1).join(", ")} or ${CHOICES.at(-1)}` }),
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
    transcript: z
      .unknown()
      .optional()
      .openapi({ description: "For provider replay: a recorded transcript (tests and demos)" }),
  })
  .openapi("AiSettingsInput");

const common = { tags: ["settings"], security: SESSION };

const read = createRoute({
  ...common,
  method: "get",
  path: "/api/settings/ai",
  summary: "Your model settings (never the key), the platform's, and which one your generations use",
  responses: { 200: { description: "The settings", ...json(AiSettingsAnswerSchema) }, ...errorResponses(401, 403) },
});

const write = createRoute({
  ...common,
  method: "put",
  path: "/api/settings/ai",
  summary:
    "Choose your own model; a new apiKey replaces the stored one, no apiKey keeps it while the provider stays the same",
  middleware: [anyTypeJson()],
  request: { body: { ...json(AiSettingsInput), required: true } },
  responses: {
    200: { description: "Saved", ...json(z.object({ settings: AiSettingsSchema })) },
    ...errorResponses(400, 401, 403, 413),
  },
});

export const settingsRoutes = routes();
settingsRoutes.use("/api/settings/*", requireUser);

settingsRoutes
  .openapi(read, async (c) => {
    const row = await userSettings(c.env.DB, c.var.user.id);
    const platform = describeModelConfig(platformModelConfig(c.env));
    return c.json(
      {
        settings: row
          ? {
              provider: row.provider as (typeof AI_PROVIDERS)[number],
              model: row.model,
              baseURL: row.base_url,
              accountId: row.account_id,
              hasKey: Boolean(row.encrypted_key),
            }
          : null,
        platform,
        effective: row
          ? row.provider === "offline"
            ? "offline"
            : "yours"
          : platform.provider === "offline"
            ? "offline"
            : "platform",
        // What the settings form offers (besides offline).
        providers: providerForms(),
      } as const,
      200,
    );
  })
  .openapi(write, async (c) => {
    const body = c.req.valid("json");
    if (body.provider === "replay" && c.env.ALLOW_REPLAY_PROVIDER !== "true")
      throw new ApiError(
        400,
        "invalid_request",
        "provider: replay is only available where ALLOW_REPLAY_PROVIDER=true (tests and demos).",
      );
    const problem =
      body.provider === "offline" || body.provider === "replay"
        ? null
        : providerNamed(body.provider).saveProblem?.(body);
    if (problem) throw new ApiError(400, "invalid_request", problem);
    const previous = await userSettings(c.env.DB, c.var.user.id);
    // A new key replaces the old; no key keeps the stored one while the provider stays the same.
    const encryptedKey = body.apiKey
      ? await encryptSecret(body.apiKey, platformSecret(c.env), c.var.user.id)
      : previous?.provider === body.provider
        ? (previous.encrypted_key ?? null)
        : null;
    await saveUserSettings(c.env.DB, c.var.user.id, {
      provider: body.provider,
      model: body.model ?? null,
      base_url: body.baseURL ?? null,
      account_id: body.accountId ?? null,
      encrypted_key: encryptedKey,
      transcript: body.transcript === undefined ? null : JSON.stringify(body.transcript),
    });
    return c.json(
      {
        settings: {
          provider: body.provider,
          model: body.model ?? null,
          baseURL: body.baseURL ?? null,
          accountId: body.accountId ?? null,
          hasKey: Boolean(encryptedKey),
        },
      },
      200,
    );
  });
