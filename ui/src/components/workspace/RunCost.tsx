import type { RunState } from "../../lib/run";

const count = (n: number) => n.toLocaleString("en-US");

/** Dollars with the precision a small amount needs: $0.0012, $0.34, $12.50. */
export function formatUsd(n: number): string {
  if (n === 0) return "$0";
  if (n < 0.01) return `$${n.toPrecision(2).replace(/0+$/, "")}`;
  return `$${n.toFixed(2)}`;
}

const seconds = (ms: number) => (ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`);

/** What a run's model calls cost: tokens in and out, the model's time and, where its prices are known, dollars. */
export function RunCost({ usage }: { usage: RunState["usage"] }) {
  if (!usage) return null;
  return (
    <p className="text-xs text-stone-500 tabular-nums" data-testid="run-cost">
      <span className="sr-only">What this cost: </span>
      {count(usage.inputTokens)} tokens in · {count(usage.outputTokens)} out · model {seconds(usage.modelMs)}
      {" · "}
      {usage.costUsd === null ? (
        <span title="Set your model's prices in Settings → Usage and budget">cost unknown</span>
      ) : (
        <span data-testid="run-cost-usd">{formatUsd(usage.costUsd)}</span>
      )}
    </p>
  );
}
