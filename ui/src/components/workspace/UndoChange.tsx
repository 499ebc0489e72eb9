import { useState } from "react";
import { ApiError, api, type RollbackChoices } from "../../lib/api";
import type { RunState } from "../../lib/run";
import { Button } from "../Button";
import { useWorkspaceActions } from "./workspace-actions";

type State =
  | { kind: "idle" }
  | { kind: "busy" }
  | { kind: "choice"; message: string; choices: RollbackChoices["choices"] }
  | { kind: "undone"; message: string; versionId: string }
  | { kind: "redone"; message: string }
  | { kind: "failed"; message: string };

/**
 * "Undo this change" on a run that made a version: back to the version before it, as a restore
 * (a new version, so nothing is lost), with a "Redo" that undoes the undo.
 */
export function UndoChange({ run }: { run: RunState }) {
  const actions = useWorkspaceActions();
  const [state, setState] = useState<State>({ kind: "idle" });
  const versionId = run.done?.versionId;
  if (!actions || !versionId) return null;

  const undo = async (target: string, data?: "keep" | "restore", redo = false) => {
    setState({ kind: "busy" });
    try {
      const result = await api.undo(actions.projectId, target, data);
      actions.onNewVersion(result.previewUrl);
      setState(
        redo
          ? { kind: "redone", message: result.message }
          : { kind: "undone", message: result.message, versionId: result.versionId },
      );
    } catch (err) {
      if (err instanceof ApiError && err.code === "rollback_needs_choice")
        setState({ kind: "choice", message: err.message, choices: (err.details as RollbackChoices).choices });
      else setState({ kind: "failed", message: (err as Error).message });
    }
  };

  return (
    <div className="space-y-2" data-testid="undo">
      {(state.kind === "idle" || state.kind === "failed" || state.kind === "redone") && (
        <Button variant="secondary" className="h-8" onClick={() => void undo(versionId)}>
          Undo this change
        </Button>
      )}
      {state.kind === "busy" && (
        <p role="status" className="text-xs text-stone-500">
          Restoring the version before this change…
        </p>
      )}
      {state.kind === "choice" && (
        <div role="alertdialog" aria-label="Choose what happens to the data" className="space-y-2 text-xs">
          <p>{state.message}</p>
          <div className="flex flex-wrap gap-2">
            <Button
              variant="secondary"
              className="h-8"
              disabled={!state.choices.keep.ok}
              onClick={() => void undo(versionId, "keep")}
            >
              Keep today's data
            </Button>
            <Button
              variant="secondary"
              className="h-8"
              disabled={!state.choices.restore}
              onClick={() => void undo(versionId, "restore")}
            >
              Restore the snapshot
            </Button>
          </div>
        </div>
      )}
      {(state.kind === "undone" || state.kind === "redone") && (
        <p
          role="status"
          data-testid="undo-result"
          className="rounded-md border border-emerald-200 bg-emerald-50 p-2 text-xs text-emerald-900 dark:border-emerald-900 dark:bg-emerald-950 dark:text-emerald-100"
        >
          {state.message}
        </p>
      )}
      {state.kind === "undone" && (
        <Button variant="ghost" className="h-8" onClick={() => void undo(state.versionId, undefined, true)}>
          Redo
        </Button>
      )}
      {state.kind === "failed" && (
        <p role="alert" className="text-xs text-red-700 dark:text-red-300">
          {state.message}
        </p>
      )}
    </div>
  );
}
