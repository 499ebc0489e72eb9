import { useEffect, useState } from "react";
import { ApiError, api, type RenderError, type Version } from "../../lib/api";
import { errorPlace, type PreviewHealth } from "../../lib/preview-health";
import { Button } from "../Button";

type Failed = Extract<PreviewHealth, { state: "failed" }>;

const headings: Record<RenderError["kind"], string> = {
  render: "This version did not render: a component threw an error",
  error: "The page hit an error",
  rejection: "The page hit an error (a promise failed and nothing caught it)",
  resource: "A file the page needs did not load",
  blank: "The page showed nothing",
};

/**
 * What the preview's page reported, over the preview, in words: the error, the app's file and
 * line, "Try to fix", and the last version that rendered one click away. A page that never
 * rendered is covered (never a white frame with nothing said); an error after it rendered shows
 * as a panel at the bottom, over a page that still works.
 */
export function PreviewProblem({
  projectId,
  health,
  offline,
  showing,
  onTryFix,
  onShow,
  onRestored,
  onDismiss,
}: {
  projectId: string;
  health: PreviewHealth;
  offline: boolean;
  /** An earlier version shown in the frame instead of the newest, if any. */
  showing: Version | null;
  onTryFix: (error: RenderError) => void;
  onShow: (version: Version | null) => void;
  onRestored: (previewUrl: string | null) => void;
  onDismiss: () => void;
}) {
  const failed = health.state === "failed" ? health : null;
  const lastGood = useLastGoodVersion(projectId, failed);
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<string | null>(null);

  const restore = async (version: Version) => {
    setBusy(true);
    setNote(null);
    try {
      const result = await api.rollback(projectId, version.versionId);
      onShow(null);
      onRestored(result.previewUrl);
    } catch (err) {
      setNote(
        err instanceof ApiError && err.code === "rollback_needs_choice"
          ? "The database has changed since that version: restore it from the Versions tab, which asks what happens to the data."
          : (err as Error).message,
      );
    } finally {
      setBusy(false);
    }
  };

  if (showing)
    return (
      <div
        className="absolute inset-x-2 top-2 flex flex-wrap items-center gap-2 rounded-md border border-sky-300 bg-sky-50 p-2 text-xs text-sky-950 shadow dark:border-sky-800 dark:bg-sky-950 dark:text-sky-100"
        role="status"
        data-testid="preview-showing"
      >
        <span className="min-w-0 flex-1">
          Showing an earlier version: <span className="font-medium">{versionLabel(showing)}</span>{" "}
          <span className="font-mono">({showing.versionId.slice(-8)})</span>
        </span>
        <Button variant="secondary" className="h-7 text-xs" disabled={busy} onClick={() => void restore(showing)}>
          {busy ? "Restoring…" : "Restore this version"}
        </Button>
        <Button variant="ghost" className="h-7 text-xs" onClick={() => onShow(null)}>
          Back to the newest
        </Button>
        {note && <p className="w-full text-red-700 dark:text-red-300">{note}</p>}
      </div>
    );
  if (!failed) return null;

  const { error } = failed;
  const place = errorPlace(error);
  const cover = !failed.afterRender;
  return (
    <div
      className={
        cover
          ? "absolute inset-0 overflow-y-auto bg-stone-50 p-6 dark:bg-stone-950"
          : "absolute inset-x-2 bottom-2 max-h-[60%] overflow-y-auto rounded-lg border border-red-300 bg-white p-4 shadow-lg dark:border-red-900 dark:bg-stone-900"
      }
      role="alert"
      data-testid="preview-problem"
      data-kind={error.kind}
    >
      <div className={cover ? "mx-auto max-w-xl space-y-3" : "space-y-2"}>
        <h2 className="font-semibold text-red-800 dark:text-red-300">
          {cover && error.kind !== "render" && error.kind !== "blank" && error.kind !== "resource"
            ? "This version did not render"
            : headings[error.kind]}
        </h2>
        <p className="font-mono text-sm break-words" data-testid="preview-problem-message">
          {error.message}
        </p>
        {place && (
          <p className="text-sm" data-testid="preview-problem-place">
            in <span className="font-mono font-medium">{place}</span>
          </p>
        )}
        {failed.more > 0 && (
          <p className="text-xs text-stone-500">
            and {failed.more} more error{failed.more === 1 ? "" : "s"} after it
          </p>
        )}
        {failed.repairRunId && (
          <p className="text-sm text-stone-600 dark:text-stone-300" role="status">
            Kiln is repairing it: see the chat.
          </p>
        )}
        <div className="flex flex-wrap gap-2">
          <Button
            className="h-8 text-xs"
            onClick={() => onTryFix(error)}
            disabled={failed.repairRunId !== null}
            title={
              offline
                ? "No model is connected: opens the code at the error"
                : "Asks the model to fix it, with the error"
            }
          >
            Try to fix
          </Button>
          {lastGood && lastGood.versionId !== failed.versionId && (
            <Button variant="secondary" className="h-8 text-xs" onClick={() => onShow(lastGood)}>
              Show the last good version
            </Button>
          )}
          {!cover && (
            <Button variant="ghost" className="h-8 text-xs" onClick={onDismiss}>
              Dismiss
            </Button>
          )}
        </div>
        {lastGood && lastGood.versionId !== failed.versionId && (
          <p className="text-xs text-stone-500" data-testid="preview-last-good">
            Last good version: {versionLabel(lastGood)}{" "}
            <span className="font-mono">({lastGood.versionId.slice(-8)})</span>
          </p>
        )}
        {(error.componentStack || error.stack) && (
          <details className="text-xs">
            <summary className="cursor-pointer text-stone-500">Details</summary>
            <pre className="mt-1 overflow-x-auto whitespace-pre-wrap text-stone-600 dark:text-stone-400">
              {[error.stack, error.componentStack && `Components:${error.componentStack}`].filter(Boolean).join("\n\n")}
            </pre>
          </details>
        )}
      </div>
    </div>
  );
}

const versionLabel = (v: Version) => v.prompt || (v.source === "build" ? "Manual build" : v.source);

/** The newest version before the failing one that rendered (else one that at least never failed). */
function useLastGoodVersion(projectId: string, failed: Failed | null): Version | null {
  const [found, setFound] = useState<Version | null>(null);
  const versionId = failed?.versionId ?? null;
  useEffect(() => {
    setFound(null);
    if (!versionId) return;
    let cancelled = false;
    api.versions(projectId).then(
      ({ versions }) => {
        if (cancelled) return;
        const earlier = versions.filter((v) => v.status === "deployed" && v.versionId < versionId);
        setFound(
          earlier.find((v) => v.render?.status === "rendered") ??
            earlier.find((v) => v.render?.status !== "failed") ??
            null,
        );
      },
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, [projectId, versionId]);
  return found;
}
