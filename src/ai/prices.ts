/**
 * What a model call costs, in US dollars. Kiln knows the list prices of its default models (one
 * per provider in providers.ts: Workers AI's GLM-4.7-flash, Anthropic's Claude Sonnet 4.5); a user
 * can set prices of their own in Settings for any other model (a local model costs nothing, a
 * hosted endpoint whatever its provider charges), which then win over these.
 */

/** US dollars per million tokens. */
export interface Prices {
  input: number;
  output: number;
}

/**
 * List prices, matched against the model id. Workers AI bills GLM-4.7-flash at $0.060 / $0.400 per
 * million input / output tokens (its model page; the same on other hosts of the model); Anthropic's
 * Sonnet 4.5 at $3 / $15.
 */
const KNOWN: { model: RegExp; prices: Prices }[] = [
  { model: /(^|\/)glm-4\.7-flash$/i, prices: { input: 0.06, output: 0.4 } },
  { model: /^claude-sonnet-4-5/i, prices: { input: 3, output: 15 } },
];

/** Kiln's list prices for a model id, or null when it does not know them. */
export function knownPrices(model: string): Prices | null {
  return KNOWN.find((k) => k.model.test(model))?.prices ?? null;
}

/** The user's own prices when set, else the list prices; null when neither is known. */
export function pricesFor(model: string, own: Prices | null): Prices | null {
  return own ?? knownPrices(model);
}

/** The cost of a call's tokens (reasoning tokens are output tokens, and are billed as such). */
export function costOf(usage: { inputTokens: number; outputTokens: number }, prices: Prices | null): number | null {
  if (!prices) return null;
  return (usage.inputTokens * prices.input + usage.outputTokens * prices.output) / 1_000_000;
}
