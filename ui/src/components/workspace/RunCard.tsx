import { useState } from "react";
import { PHASES, type PhaseName, type Plan } from "../../lib/api";
import { Markdown } from "../../lib/markdown";
import { isFinished, type PhaseState, type RunState } from "../../lib/run";
import { Button } from "../Button";
import { PlanCard } from "./PlanCard";
import { RunCost } from "./RunCost";
import { UndoChange } from "./UndoChange";

const phaseLabel: Record<PhaseName, string> = {
  plan: "Plan",
  scaffold: "Scaffold",
  write: "Write code",
  check: "Check",
  repair: "Repair",
  deploy: "Deploy",
};

function PhaseIcon({ state }: { state: PhaseState }) {
  const base = "grid size-5 shrink-0 place-items-center rounded-full text-[11px] font-bold";
  switch (state.status) {
    case "end":
      return (
        <span aria-hidden className={`${base} bg-emerald-600 text-white`}>
          ✓
        </span>
      );
    case "failed":
      return (
        <span aria-hidden className={`${base} bg-red-600 text-white`}>
          !
        </span>
      );
    case "skipped":
      return (
        <span aria-hidden className={`${base} border border-stone-300 text-stone-400 dark:border-stone-700`}>
          –
        </span>
      );
    case "start":
      return <span aria-hidden className={`${base} animate-spin border-2 border-orange-500 border-t-transparent`} />;
    default:
      return <span aria-hidden className={`${base} border border-stone-300 dark:border-stone-700`} />;
  }
}

const statusWord: Record<PhaseState["status"], string> = {
  pending: "waiting",
  start: "running",
  end: "done",
  skipped: "skipped",
  failed: "failed",
};

export const formatMs = (ms?: number) =>
  ms === undefined ? "" : ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;

/** One generation: a live checklist of phases, the plan, the files touched and the outcome. */
export function RunCard({
  run,
  onSend,
  onApprove,
  stopping,
  latest,
}: {
  run: RunState;
  onSend: (message: string) => void;
  onApprove: (edited?: Plan) => void;
  stopping: boolean;
  latest: boolean;
}) {
  const [filesOpen, setFilesOpen] = useState(false);
  const finished = isFinished(run);
  return (
    <section
      className="space-y-3 rounded-xl border border-stone-200 bg-white p-3 text-sm dark:border-stone-800 dark:bg-stone-900"
      aria-label="Generation"
      data-testid="run-card"
    >
      <ol className="grid grid-cols-1 gap-1 sm:grid-cols-2" aria-label="Phases" data-testid="phases">
        {PHASES.map((name) => {
          const state = run.phases[name];
          return (
            <li key={name} className="flex min-h-6 items-center gap-2" data-phase={name} data-status={state.status}>
              <PhaseIcon state={state} />
              <span className={state.status === "pending" || state.status === "skipped" ? "text-stone-400" : ""}>
                {phaseLabel[name]}
              </span>
              <span className="sr-only">{statusWord[state.status]}</span>
              <span className="ml-auto font-mono text-xs tabular-nums text-stone-500">{formatMs(state.ms)}</span>
            </li>
          );
        })}
      </ol>

      {PHASES.filter((name) => run.phases[name].warning).map((name) => (
        <p
          key={name}
          className="rounded-md border border-amber-300 bg-amber-50 p-2 text-xs text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100"
          role="status"
          data-testid="phase-warning"
        >
          <span aria-hidden>⚠ </span>
          {run.phases[name].warning}
        </p>
      ))}

      {run.plan && (
        <PlanCard
          plan={run.plan.plan}
          summary={run.plan.summary}
          awaiting={run.plan.awaitingApproval && latest && finished}
          onApprove={onApprove}
          defaultOpen={latest}
        />
      )}

      {run.repairs.length > 0 && (
        <p className="text-xs text-amber-700 dark:text-amber-300">
          Repair round {run.repairs.at(-1)!.round}: fixing {run.repairs.at(-1)!.errors} error(s).
        </p>
      )}

      {run.files.length > 0 && (
        <div>
          <button
            type="button"
            className="flex items-center gap-1 rounded text-xs font-medium text-stone-600 hover:text-stone-900 dark:text-stone-300 dark:hover:text-white"
            aria-expanded={filesOpen}
            onClick={() => setFilesOpen((o) => !o)}
          >
            <span aria-hidden>{filesOpen ? "▾" : "▸"}</span> {run.files.length} file{run.files.length === 1 ? "" : "s"}{" "}
            changed
          </button>
          {filesOpen && (
            <ul className="mt-1 max-h-40 overflow-auto font-mono text-xs text-stone-600 dark:text-stone-300">
              {run.files.map((f) => (
                <li key={f.path} className="truncate">
                  <span className={f.action === "delete" ? "text-red-600" : "text-emerald-600"}>
                    {f.action === "delete" ? "−" : "+"}
                  </span>{" "}
                  {f.path}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}

      {run.confirmation && (
        <div
          className="rounded-md border border-amber-300 bg-amber-50 p-2 text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100"
          role="status"
        >
          <p className="font-medium">This change would remove data:</p>
          <ul className="list-disc pl-5">
            {run.confirmation.map((c, n) => (
              <li key={n}>{c.message}</li>
            ))}
          </ul>
          {latest && finished && (
            <div className="mt-2 flex flex-wrap gap-2">
              <Button variant="danger" className="h-8" onClick={() => onSend("yes")}>
                Yes, go ahead
              </Button>
              <span className="self-center text-xs">
                or describe a different change below to keep the data as it is.
              </span>
            </div>
          )}
        </div>
      )}

      {!finished && run.text && (
        <div className="max-h-32 overflow-auto whitespace-pre-wrap text-stone-600 dark:text-stone-300">{run.text}</div>
      )}

      {run.done && (
        <div className="space-y-2" data-testid="run-done">
          <Markdown text={run.done.reply} />
          <p className="text-xs text-stone-500">
            {run.done.versionId ? (
              <>
                Version <span className="font-mono">{run.done.versionId}</span> is live in the preview
              </>
            ) : run.plan?.awaitingApproval ? (
              "Nothing is built until the plan is approved"
            ) : (
              "Nothing was built"
            )}
            {run.done.metrics.buildMs != null && <> · built in {formatMs(run.done.metrics.buildMs)}</>}
            {run.done.metrics.model && <> · {run.done.metrics.model}</>}
          </p>
          <UndoChange run={run} />
        </div>
      )}

      <RunCost usage={run.usage} />

      {run.error && (
        <div
          className="space-y-2 rounded-md border border-red-200 bg-red-50 p-2 text-red-900 dark:border-red-900 dark:bg-red-950 dark:text-red-100"
          role="alert"
          data-testid="run-error"
        >
          <p>{run.error.message}</p>
          {run.error.diagnostics && run.error.diagnostics.length > 0 && (
            <ul className="max-h-32 overflow-auto font-mono text-xs">
              {run.error.diagnostics.slice(0, 10).map((d, n) => (
                <li key={n}>
                  {d.file}
                  {d.line ? `:${d.line}` : ""} — {d.message}
                </li>
              ))}
            </ul>
          )}
          {run.error.code !== "cancelled" && run.error.code !== "budget_exceeded" && latest && (
            <Button variant="secondary" className="h-8" onClick={() => onSend("Fix the errors")}>
              Try to fix
            </Button>
          )}
        </div>
      )}

      {!finished && (
        <p className="text-xs text-stone-500" role="status">
          {stopping
            ? "Stopping at the next step…"
            : run.live
              ? "Working… (Stop is next to the message box)"
              : "Reconnecting…"}
        </p>
      )}
    </section>
  );
}
