import { createRoute, z } from "@hono/zod-openapi";
import { knownPrices } from "../ai/prices";
import { platformModelConfig, describeModelConfig } from "../ai/config";
import { budgetSettings, monthUsage, saveBudgetSettings } from "../store/usage";
import { requireUser } from "./require-user";
import { anyTypeJson, routes, SESSION } from "./route";
import { errorResponses, json } from "./schemas";
import { userSettings } from "../store/ai-settings";

/** What a user's model runs cost this month, their monthly budget, and prices of their own. */

const dollars = (what: string) =>
  z
    .number({ error: `${what} must be a number of US dollars, or null for none` })
    .min(0, { error: `${what} must be 0 or more` })
    .max(1_000_000, { error: `${what} must be at most 1,000,000` });

const PricesSchema = z
  .object({
    input: dollars("prices.input").openapi({ description: "US dollars per million input tokens" }),
    output: dollars("prices.output").openapi({ description: "US dollars per million output tokens" }),
  })
  .openapi("Prices");

const UsageInput = z
  .object({
    monthlyBudgetUsd: dollars("monthlyBudgetUsd").nullable().openapi({
      description: "Past it, runs that would call a model are refused until the next month (UTC); null: no budget",
    }),
    prices: PricesSchema.nullable()
      .optional()
      .openapi({ description: "Your model's prices (win over Kiln's list prices); null: Kiln's; absent: unchanged" }),
  })
  .openapi("UsageSettingsInput");

const UsageAnswer = z
  .object({
    month: z.string().openapi({ example: "2026-12" }),
    spentUsd: z.number(),
    inputTokens: z.number(),
    outputTokens: z.number(),
    calls: z.number(),
    unpricedCalls: z.number().openapi({ description: "Calls whose model's prices are unknown: not in spentUsd" }),
    monthlyBudgetUsd: z.number().nullable(),
    prices: PricesSchema.nullable().openapi({ description: "Your own prices, if set" }),
    model: z.string().nullable().openapi({ description: "The model your runs use now (null: offline)" }),
    knownPrices: PricesSchema.nullable().openapi({
      description: "Kiln's list prices for that model, if it knows them",
    }),
  })
  .openapi("UsageSettings");

const common = { tags: ["settings"], security: SESSION };

const read = createRoute({
  ...common,
  method: "get",
  path: "/api/settings/usage",
  summary: "This month's model spending (UTC), your monthly budget and your own prices",
  middleware: [requireUser],
  responses: { 200: { description: "Usage", ...json(UsageAnswer) }, ...errorResponses(401, 403) },
});

const write = createRoute({
  ...common,
  method: "put",
  path: "/api/settings/usage",
  summary: "Set your monthly budget (null: none) and, optionally, your model's prices",
  middleware: [requireUser, anyTypeJson()],
  request: { body: { ...json(UsageInput), required: true } },
  responses: {
    200: { description: "Saved; the answer is as GET's", ...json(UsageAnswer) },
    ...errorResponses(400, 401, 403, 413),
  },
});

/** The model a user's runs use now, for showing which prices apply. */
async function currentModel(env: Parameters<typeof platformModelConfig>[0] & { DB: D1Database }, userId: string) {
  const row = await userSettings(env.DB, userId);
  if (row) return row.provider === "offline" || row.provider === "replay" ? null : (row.model ?? null);
  try {
    return describeModelConfig(platformModelConfig(env)).model ?? null;
  } catch {
    return null;
  }
}

export const usageRoutes = routes();

async function answer(env: Parameters<typeof currentModel>[0], userId: string) {
  const [used, settings, model] = await Promise.all([
    monthUsage(env.DB, userId),
    budgetSettings(env.DB, userId),
    currentModel(env, userId),
  ]);
  return {
    month: used.month,
    spentUsd: used.costUsd,
    inputTokens: used.inputTokens,
    outputTokens: used.outputTokens,
    calls: used.calls,
    unpricedCalls: used.unpricedCalls,
    monthlyBudgetUsd: settings.monthlyBudgetUsd,
    prices: settings.prices,
    model,
    knownPrices: model ? knownPrices(model) : null,
  };
}

usageRoutes
  .openapi(read, async (c) => c.json(await answer(c.env, c.var.user.id), 200))
  .openapi(write, async (c) => {
    const body = c.req.valid("json");
    const previous = await budgetSettings(c.env.DB, c.var.user.id);
    await saveBudgetSettings(c.env.DB, c.var.user.id, {
      monthlyBudgetUsd: body.monthlyBudgetUsd,
      prices: body.prices === undefined ? previous.prices : body.prices,
    });
    return c.json(await answer(c.env, c.var.user.id), 200);
  });
