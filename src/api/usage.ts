import { createRoute, z } from "@hono/zod-openapi";
import { knownPrices } from "../ai/prices";
import { platformModelConfig, describeModelConfig } from "../ai/config";
import { budgetSettings, monthUsage, saveBudgetSettings } from "../store/usage";
import { requireUser } from "./require-user";
import { anyTypeJson, routes, SESSION } from "./route";
import { UsageAnswerSchema as UsageAnswer, UsageInputSchema as UsageInput, errorResponses, json } from "./schemas";
import { userSettings } from "../store/ai-settings";

/** What a user's model runs cost this month, their monthly budget, and prices of their own. */

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
