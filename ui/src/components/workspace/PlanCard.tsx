import { useState } from "react";
import type { Plan } from "../../lib/api";

/** The plan of a generation: title, tables with their fields, pages and features. */
export function PlanCard({ plan, summary }: { plan: Plan; summary: string }) {
  const [open, setOpen] = useState(true);
  return (
    <div className="rounded-lg border border-stone-200 dark:border-stone-700" data-testid="plan-card">
      <button type="button" className="flex w-full items-center gap-2 rounded-lg px-3 py-2 text-left" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
        {plan.theme && <span aria-hidden className="size-3 rounded-full" style={{ background: plan.theme.primary }} />}
        <span className="font-medium">{plan.title}</span>
        <span className="ml-auto text-xs text-stone-500">Plan {open ? "▾" : "▸"}</span>
      </button>
      {open && (
        <div className="space-y-2 border-t border-stone-200 px-3 py-2 dark:border-stone-700">
          {summary && <p className="text-stone-600 dark:text-stone-300">{summary}</p>}
          {plan.dataModel.tables.map((t) => (
            <div key={t.name}>
              <p className="text-xs font-semibold uppercase tracking-wide text-stone-500">{t.label}</p>
              <ul className="mt-1 flex flex-wrap gap-1">
                {t.columns.filter((c) => !c.system).map((c) => (
                  <li key={c.name} className="rounded bg-stone-100 px-1.5 py-0.5 text-xs dark:bg-stone-800" title={c.type}>
                    {c.label} <span className="text-stone-500">{c.kind}{c.required ? "" : "?"}</span>
                  </li>
                ))}
              </ul>
            </div>
          ))}
          {plan.features.length > 0 && <p className="text-xs text-stone-500">Features: {plan.features.join(", ")}</p>}
        </div>
      )}
    </div>
  );
}
