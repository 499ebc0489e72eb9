import { useEffect, useRef, useState, type ChangeEvent, type FormEvent } from "react";
import { api, type UsageSettings as Usage } from "../../lib/api";
import { useAction } from "../../lib/use-action";
import { Button } from "../Button";
import { ErrorNote, Field } from "../Field";
import { formatUsd } from "./RunCost";

/** A number typed in a box: empty is none, anything else must be a number of 0 or more. */
function amount(text: string, what: string): number | null {
  if (!text.trim()) return null;
  const n = Number(text.replace(/^\$/, "").trim());
  if (!Number.isFinite(n) || n < 0) throw new Error(`${what} must be a number of dollars, 0 or more (or empty).`);
  return n;
}

/** This month's model spending, the monthly budget, and the user's own model prices. */
export function UsageSettings({ className }: { className: string }) {
  const [usage, setUsage] = useState<Usage | null>(null);
  const [budget, setBudget] = useState("");
  const [input, setInput] = useState("");
  const [output, setOutput] = useState("");
  const { busy, error, status, setError, run } = useAction();

  /** The user has typed in the form since it was last filled: a late load must not undo that. */
  const touched = useRef(false);
  const typed = (set: (value: string) => void) => (e: ChangeEvent<HTMLInputElement>) => {
    touched.current = true;
    set(e.target.value);
  };
  const show = (u: Usage, fillForm = true) => {
    setUsage(u);
    if (!fillForm) return;
    touched.current = false;
    setBudget(u.monthlyBudgetUsd === null ? "" : String(u.monthlyBudgetUsd));
    setInput(u.prices ? String(u.prices.input) : "");
    setOutput(u.prices ? String(u.prices.output) : "");
  };
  useEffect(() => {
    api.usage().then(
      (u) => show(u, !touched.current),
      (err: Error) => setError(err.message),
    );
  }, [setError]);

  const save = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const monthlyBudgetUsd = amount(budget, "The monthly budget");
      const inPrice = amount(input, "The input price");
      const outPrice = amount(output, "The output price");
      if ((inPrice === null) !== (outPrice === null))
        throw new Error("Set both prices (input and output), or leave both empty to use Kiln's.");
      show(
        await api.saveUsage({
          monthlyBudgetUsd,
          prices: inPrice === null || outPrice === null ? null : { input: inPrice, output: outPrice },
        }),
      );
      return "Saved.";
    });
  };

  const month = usage
    ? new Date(`${usage.month}-01T00:00:00Z`).toLocaleDateString("en-GB", {
        month: "long",
        year: "numeric",
        timeZone: "UTC",
      })
    : "";
  const over = usage && usage.monthlyBudgetUsd !== null && usage.spentUsd >= usage.monthlyBudgetUsd;
  return (
    <section className={className} aria-labelledby="usage-title" data-testid="usage-settings">
      <h2 id="usage-title" className="font-medium">
        Usage and budget
      </h2>
      {usage && (
        <div className="space-y-1 text-sm">
          <p data-testid="usage-month">
            {month}: <strong>{formatUsd(usage.spentUsd)}</strong>
            {usage.monthlyBudgetUsd !== null && <> of your {formatUsd(usage.monthlyBudgetUsd)} budget</>} ·{" "}
            {usage.inputTokens.toLocaleString("en-US")} tokens in · {usage.outputTokens.toLocaleString("en-US")} out ·{" "}
            {usage.calls} model call{usage.calls === 1 ? "" : "s"}
          </p>
          {over && (
            <p role="alert" className="text-red-700 dark:text-red-300">
              The budget is spent: runs that need the model are refused until next month. Raise it below to go on;
              offline runs still work.
            </p>
          )}
          {usage.unpricedCalls > 0 && (
            <p className="text-xs text-stone-500">
              {usage.unpricedCalls} call{usage.unpricedCalls === 1 ? "" : "s"} used a model whose prices Kiln does not
              know, so {usage.unpricedCalls === 1 ? "it is" : "they are"} not in the total: set your model's prices
              below.
            </p>
          )}
          <p className="text-xs text-stone-500">
            Offline runs cost nothing and are never refused.
            {usage.model &&
              (usage.knownPrices
                ? ` ${usage.model}: ${formatUsd(usage.knownPrices.input)} in and ${formatUsd(usage.knownPrices.output)} out per million tokens, unless you set prices below.`
                : ` Kiln does not know ${usage.model}'s prices: set them below to see what runs cost.`)}
          </p>
        </div>
      )}
      <form onSubmit={save} className="grid gap-3 sm:grid-cols-3">
        <Field
          id="usage-budget"
          label="Monthly budget (US dollars)"
          inputMode="decimal"
          placeholder="none"
          value={budget}
          onChange={typed(setBudget)}
        />
        <Field
          id="usage-input-price"
          label="Input price ($ per million tokens)"
          inputMode="decimal"
          placeholder={usage?.knownPrices ? String(usage.knownPrices.input) : "Kiln's"}
          value={input}
          onChange={typed(setInput)}
        />
        <Field
          id="usage-output-price"
          label="Output price ($ per million tokens)"
          inputMode="decimal"
          placeholder={usage?.knownPrices ? String(usage.knownPrices.output) : "Kiln's"}
          value={output}
          onChange={typed(setOutput)}
        />
        <div className="flex items-center gap-3 sm:col-span-3">
          <Button type="submit" aria-busy={busy} disabled={busy}>
            Save budget
          </Button>
          {status && (
            <span role="status" className="text-sm text-emerald-700 dark:text-emerald-400">
              {status}
            </span>
          )}
        </div>
      </form>
      <ErrorNote message={error} />
    </section>
  );
}
