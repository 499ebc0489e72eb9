import type { Prices } from "../ai/prices";

/** Model calls and what they cost (migrations/0011), and each user's monthly budget and own prices. */

export interface UsageRecord {
  userId: string;
  projectId: string;
  runId: string | null;
  model: string;
  inputTokens: number;
  outputTokens: number;
  modelMs: number;
  costUsd: number | null;
}

export async function recordUsage(db: D1Database, u: UsageRecord): Promise<void> {
  await db
    .prepare(
      "INSERT INTO model_usage (user_id, project_id, run_id, model, input_tokens, output_tokens, model_ms, cost_usd) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(u.userId, u.projectId, u.runId, u.model, u.inputTokens, u.outputTokens, u.modelMs, u.costUsd)
    .run();
}

/** The first instant of `now`'s calendar month, in UTC, as stored timestamps are written. */
export function monthStart(now: Date): string {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)).toISOString();
}

export interface MonthUsage {
  /** e.g. "2026-12" */
  month: string;
  costUsd: number;
  inputTokens: number;
  outputTokens: number;
  calls: number;
  /** Calls whose prices were unknown: their tokens are counted, their cost is not. */
  unpricedCalls: number;
}

/** A user's model use in the calendar month (UTC) of `now`. */
export async function monthUsage(db: D1Database, userId: string, now = new Date()): Promise<MonthUsage> {
  const from = monthStart(now);
  const to = monthStart(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)));
  const row = await db
    .prepare(
      "SELECT COALESCE(SUM(cost_usd), 0) AS cost, COALESCE(SUM(input_tokens), 0) AS input, COALESCE(SUM(output_tokens), 0) AS output, COUNT(*) AS calls, COUNT(*) - COUNT(cost_usd) AS unpriced FROM model_usage WHERE user_id = ? AND created_at >= ? AND created_at < ?",
    )
    .bind(userId, from, to)
    .first<{ cost: number; input: number; output: number; calls: number; unpriced: number }>();
  return {
    month: from.slice(0, 7),
    costUsd: row?.cost ?? 0,
    inputTokens: row?.input ?? 0,
    outputTokens: row?.output ?? 0,
    calls: row?.calls ?? 0,
    unpricedCalls: row?.unpriced ?? 0,
  };
}

export interface BudgetSettings {
  monthlyBudgetUsd: number | null;
  /** The user's own prices (both set, or none). */
  prices: Prices | null;
}

export async function budgetSettings(db: D1Database, userId: string): Promise<BudgetSettings> {
  const row = await db
    .prepare("SELECT monthly_budget_usd, input_usd_per_mtok, output_usd_per_mtok FROM user_budgets WHERE user_id = ?")
    .bind(userId)
    .first<{
      monthly_budget_usd: number | null;
      input_usd_per_mtok: number | null;
      output_usd_per_mtok: number | null;
    }>();
  return {
    monthlyBudgetUsd: row?.monthly_budget_usd ?? null,
    prices:
      row && row.input_usd_per_mtok !== null && row.output_usd_per_mtok !== null
        ? { input: row.input_usd_per_mtok, output: row.output_usd_per_mtok }
        : null,
  };
}

export async function saveBudgetSettings(db: D1Database, userId: string, s: BudgetSettings): Promise<void> {
  await db
    .prepare(
      "INSERT INTO user_budgets (user_id, monthly_budget_usd, input_usd_per_mtok, output_usd_per_mtok) VALUES (?, ?, ?, ?) ON CONFLICT (user_id) DO UPDATE SET monthly_budget_usd = excluded.monthly_budget_usd, input_usd_per_mtok = excluded.input_usd_per_mtok, output_usd_per_mtok = excluded.output_usd_per_mtok, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')",
    )
    .bind(userId, s.monthlyBudgetUsd, s.prices?.input ?? null, s.prices?.output ?? null)
    .run();
}
