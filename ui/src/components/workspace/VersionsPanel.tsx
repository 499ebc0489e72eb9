import { useCallback, useEffect, useState } from "react";
import { ApiError, api, saveBlob, type RollbackChoices, type RollbackResult, type Version } from "../../lib/api";
import { Button } from "../Button";
import { ErrorNote } from "../Field";
import { DiffView } from "./DiffView";
import { RenderBadge, RenderProblem } from "./RenderBadge";
import { formatMs } from "./RunCard";

const when = (iso: string) => new Date(iso.endsWith("Z") || iso.includes("+") ? iso : `${iso}Z`).toLocaleString();

/** History of the project's versions: compare, publish, restore, pin and download. */
export function VersionsPanel({
  projectId,
  slug,
  refreshKey,
  onRestored,
  onPublished,
}: {
  projectId: string;
  slug: string;
  refreshKey: number;
  onRestored: (previewUrl: string | null) => void;
  onPublished: () => void;
}) {
  const [versions, setVersions] = useState<Version[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);

  const load = useCallback(() => {
    api.versions(projectId).then(
      (r) => {
        setVersions(r.versions);
        setError(null);
      },
      (err: Error) => setError(err.message),
    );
  }, [projectId]);
  useEffect(load, [load, refreshKey]);

  return (
    <div className="h-full space-y-3 overflow-y-auto p-3" data-testid="versions-panel">
      <div className="flex items-center justify-between">
        <h2 className="font-medium">Versions</h2>
        <Button variant="ghost" className="h-8 text-xs" onClick={load}>
          Refresh
        </Button>
      </div>
      <ErrorNote message={error} />
      {versions === null && !error && (
        <p className="text-sm text-stone-500" role="status">
          Loading versions…
        </p>
      )}
      {versions?.length === 0 && (
        <p className="rounded-lg border border-dashed border-stone-300 p-6 text-center text-sm text-stone-500 dark:border-stone-700">
          No versions yet. Each generation or build makes one.
        </p>
      )}
      <ol className="space-y-2">
        {versions?.map((v, i) => (
          <VersionItem
            key={v.versionId}
            version={v}
            previous={versions[i + 1] ?? null}
            all={versions}
            projectId={projectId}
            slug={slug}
            open={open === v.versionId}
            onToggle={() => setOpen((o) => (o === v.versionId ? null : v.versionId))}
            onChanged={load}
            onPublished={() => {
              load();
              onPublished();
            }}
            onRestored={(url) => {
              load();
              onRestored(url);
            }}
          />
        ))}
      </ol>
    </div>
  );
}

function VersionItem({
  version: v,
  previous,
  all,
  projectId,
  slug,
  open,
  onToggle,
  onChanged,
  onPublished,
  onRestored,
}: {
  version: Version;
  previous: Version | null;
  all: Version[];
  projectId: string;
  slug: string;
  open: boolean;
  onToggle: () => void;
  onChanged: () => void;
  onPublished: () => void;
  onRestored: (previewUrl: string | null) => void;
}) {
  const [patch, setPatch] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [choice, setChoice] = useState<(RollbackChoices & { message: string }) | null>(null);
  const [restored, setRestored] = useState<RollbackResult | null>(null);
  // A rollback's parent has the very same code; what it changes is relative to the version before it.
  const defaultBase =
    (v.source === "rollback" ? previous?.versionId : (v.parentVersionId ?? previous?.versionId)) ?? null;
  const [compareWith, setCompareWith] = useState<string | null>(defaultBase);
  const candidates = all.filter((x) => x.versionId !== v.versionId && x.status === "deployed");

  useEffect(() => {
    if (!open || !compareWith) return;
    let cancelled = false;
    setPatch(null);
    api.diff(projectId, compareWith, v.versionId).then(
      (p) => !cancelled && setPatch(p),
      (err: Error) => !cancelled && setError(err.message),
    );
    return () => {
      cancelled = true;
    };
  }, [open, compareWith, projectId, v.versionId]);

  const act = async (name: string, work: () => Promise<void>) => {
    setBusy(name);
    setError(null);
    try {
      await work();
    } catch (err) {
      if (err instanceof ApiError && err.code === "rollback_needs_choice")
        setChoice({ ...(err.details as RollbackChoices), message: err.message });
      else setError((err as Error).message);
    } finally {
      setBusy(null);
    }
  };

  const restore = (data?: "keep" | "restore") =>
    act("restore", async () => {
      const result = await api.rollback(projectId, v.versionId, data);
      setChoice(null);
      setRestored(result);
      onRestored(result.previewUrl);
    });

  const deployed = v.status === "deployed";
  return (
    <li
      className="rounded-lg border border-stone-200 bg-white text-sm dark:border-stone-800 dark:bg-stone-900"
      data-testid="version"
      data-version-id={v.versionId}
    >
      <button
        type="button"
        className="flex w-full items-start gap-2 rounded-lg p-3 text-left"
        aria-expanded={open}
        onClick={onToggle}
      >
        <span className="min-w-0 flex-1">
          <span className="block truncate font-medium" data-testid="version-prompt">
            {v.prompt || (v.source === "build" ? "Manual build" : v.source)}
          </span>
          <span className="block text-xs text-stone-500">
            {when(v.createdAt)} · {v.source}
            {v.buildDurationMs ? ` · built in ${formatMs(v.buildDurationMs)}` : ""}
            {" · "}
            <span className="font-mono">{v.versionId}</span>
          </span>
        </span>
        <span className="flex shrink-0 flex-wrap justify-end gap-1">
          {v.isProduction && (
            <span className="rounded-full bg-emerald-100 px-2 py-0.5 text-xs font-medium text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200">
              production
            </span>
          )}
          {v.pinned && (
            <span className="rounded-full bg-sky-100 px-2 py-0.5 text-xs text-sky-800 dark:bg-sky-950 dark:text-sky-200">
              pinned
            </span>
          )}
          {deployed && <RenderBadge render={v.render} />}
          {!deployed && (
            <span
              className={`rounded-full px-2 py-0.5 text-xs ${v.status === "failed" ? "bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-200" : "bg-amber-100 text-amber-800 dark:bg-amber-950 dark:text-amber-200"}`}
            >
              {v.status}
            </span>
          )}
        </span>
      </button>
      {open && (
        <div className="space-y-3 border-t border-stone-200 p-3 dark:border-stone-800">
          {v.error && <p className="text-xs text-red-700 dark:text-red-300">{v.error}</p>}
          {deployed && <RenderProblem render={v.render} />}
          <div className="flex flex-wrap gap-2">
            {v.previewUrl && (
              <a
                className="inline-flex h-8 items-center rounded-md border border-stone-300 px-3 text-xs font-medium hover:bg-stone-100 dark:border-stone-700 dark:hover:bg-stone-800"
                href={v.previewUrl}
                target="_blank"
                rel="noreferrer"
              >
                Open preview ↗
              </a>
            )}
            <Button
              variant="secondary"
              className="h-8 text-xs"
              disabled={!deployed || v.isProduction || busy !== null}
              onClick={() =>
                act("publish", async () => {
                  await api.publish(projectId, v.versionId);
                  onPublished();
                })
              }
            >
              {busy === "publish" ? "Publishing…" : "Publish"}
            </Button>
            <Button
              variant="secondary"
              className="h-8 text-xs"
              disabled={!deployed || busy !== null}
              onClick={() => void restore()}
            >
              {busy === "restore" ? "Restoring…" : "Restore"}
            </Button>
            <Button
              variant="secondary"
              className="h-8 text-xs"
              disabled={busy !== null}
              aria-pressed={v.pinned}
              onClick={() =>
                act("pin", async () => {
                  await api.pin(projectId, v.versionId, !v.pinned);
                  onChanged();
                })
              }
            >
              {v.pinned ? "Unpin" : "Pin"}
            </Button>
            <Button
              variant="secondary"
              className="h-8 text-xs"
              disabled={busy !== null}
              onClick={() =>
                act("zip", async () =>
                  saveBlob(
                    await api.download(
                      `/api/projects/${encodeURIComponent(projectId)}/versions/${encodeURIComponent(v.versionId)}/zip`,
                    ),
                    `${slug}-${v.versionId.toLowerCase()}.zip`,
                  ),
                )
              }
            >
              {busy === "zip" ? "Preparing…" : "Download zip"}
            </Button>
          </div>

          {choice && (
            <div
              className="space-y-2 rounded-md border border-amber-300 bg-amber-50 p-3 text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100"
              role="alertdialog"
              aria-label="Choose what happens to the data"
            >
              <p>
                The database has changed since this version ({choice.migrationsSince.join(", ")}). What should happen to
                the data?
              </p>
              <div className="flex flex-wrap gap-2">
                <Button
                  variant="secondary"
                  className="h-auto min-h-8 py-1 text-xs"
                  disabled={!choice.choices.keep.ok || busy !== null}
                  onClick={() => void restore("keep")}
                >
                  Keep today's data
                </Button>
                <Button
                  variant="secondary"
                  className="h-auto min-h-8 py-1 text-xs"
                  disabled={!choice.choices.restore || busy !== null}
                  onClick={() => void restore("restore")}
                >
                  Restore the snapshot{choice.choices.restore ? ` from ${when(choice.choices.restore.takenAt)}` : ""}
                </Button>
                <Button variant="ghost" className="h-8 text-xs" onClick={() => setChoice(null)}>
                  Cancel
                </Button>
              </div>
              {!choice.choices.keep.ok && (
                <p className="text-xs">
                  Keeping today's data is not possible: the old code fails on it (
                  {choice.choices.keep.problems.join("; ")}).
                </p>
              )}
              {!choice.choices.restore && <p className="text-xs">There is no snapshot to restore.</p>}
              {choice.choices.restore && (
                <p className="text-xs">Restoring exports today's data to a file first, so nothing is lost.</p>
              )}
            </div>
          )}

          {restored && (
            <p
              className="rounded-md bg-emerald-50 p-2 text-xs text-emerald-900 dark:bg-emerald-950 dark:text-emerald-100"
              role="status"
              data-testid="restored"
            >
              Restored as version <span className="font-mono">{restored.versionId}</span> and published
              {restored.data === "keep" && ", keeping today's data"}
              {restored.data === "restore" && ", with the data from the snapshot"}.
              {restored.export && (
                <>
                  {" "}
                  Today's data was saved first:{" "}
                  <button
                    type="button"
                    className="underline"
                    onClick={() =>
                      act("export", async () =>
                        saveBlob(await api.download(restored.export!.url), restored.export!.name),
                      )
                    }
                  >
                    download {restored.export.name}
                  </button>
                  .
                </>
              )}
            </p>
          )}
          <ErrorNote message={error} />

          {compareWith ? (
            <div className="space-y-2">
              <div className="flex flex-wrap items-center gap-2 text-xs text-stone-500">
                <label htmlFor={`compare-${v.versionId}`}>Changes since</label>
                <select
                  id={`compare-${v.versionId}`}
                  value={compareWith}
                  onChange={(e) => setCompareWith(e.target.value)}
                  className="h-7 max-w-full rounded-md border border-stone-300 bg-white px-1 text-xs dark:border-stone-700 dark:bg-stone-900"
                >
                  {candidates.map((x) => (
                    <option key={x.versionId} value={x.versionId}>
                      {x.versionId.slice(-8)} · {(x.prompt || x.source).slice(0, 40)}
                      {x.versionId === defaultBase ? " (previous)" : ""}
                    </option>
                  ))}
                </select>
              </div>
              {patch === null ? (
                <p className="text-xs text-stone-500" role="status">
                  Loading the diff…
                </p>
              ) : (
                <DiffView patch={patch} />
              )}
            </div>
          ) : (
            <p className="text-xs text-stone-500">The first version: nothing to compare with.</p>
          )}
        </div>
      )}
    </li>
  );
}
