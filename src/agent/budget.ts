import type { Prices } from "../ai/prices";
import { budgetSettings, monthUsage } from "../store/usage";

const usd = (n: number) => `$${n < 1 ? n.toFixed(4).replace(/0{1,2}$/, "") : n.toFixed(2)}`;

/**
 * Before a run that would call a model: the user's own prices, and why the run is refused (their
 * monthly budget is spent) or null. Runs without a model cost nothing and never get here.
 */
export async function checkBudget(
  db: D1Database,
  userId: string,
  now = new Date(),
): Promise<{ ownPrices: Prices | null; refusal: string | null }> {
  const settings = await budgetSettings(db, userId);
  const budget = settings.monthlyBudgetUsd;
  if (budget === null) return { ownPrices: settings.prices, refusal: null };
  const spent = await monthUsage(db, userId, now);
  if (spent.costUsd < budget) return { ownPrices: settings.prices, refusal: null };
  const next = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
  const when = next.toLocaleDateString("en-GB", { day: "numeric", month: "long", timeZone: "UTC" });
  return {
    ownPrices: settings.prices,
    refusal: `Nothing was sent to the model: this month's model runs have cost ${usd(spent.costUsd)}, and your monthly budget is ${usd(budget)}. Raise or remove the budget in Settings → Usage and budget, or wait until ${when} (UTC), when a new month starts. Nothing was changed; without a model (Settings → Model: offline), plain changes cost nothing and still work.`,
  };
}
