import { useEffect, useState, type FormEvent } from "react";
import { Link } from "react-router";
import { api, type Project } from "../lib/api";
import { Button } from "./Button";
import { ErrorNote } from "./Field";

const statusStyle: Record<Project["status"], string> = {
  draft: "bg-stone-100 text-stone-600 dark:bg-stone-800 dark:text-stone-300",
  building: "bg-amber-100 text-amber-800 dark:bg-amber-950 dark:text-amber-200",
  deployed: "bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200",
  error: "bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-200",
};

export function ProjectCard({
  project,
  onRenamed,
  onDeleted,
}: {
  project: Project;
  onRenamed: (p: Project) => void;
  onDeleted: () => void;
}) {
  const [mode, setMode] = useState<"view" | "rename" | "confirm-delete">("view");
  const [name, setName] = useState(project.name);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [previewUrl, setPreviewUrl] = useState<string | null>(null);

  // Not published yet: show the newest preview instead, when there is one.
  useEffect(() => {
    if (project.deployedUrl) return;
    let cancelled = false;
    api.preview(project.id).then(
      (p) => !cancelled && setPreviewUrl(p.preview?.previewUrl ?? null),
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, [project.id, project.deployedUrl]);

  const act = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const rename = (e: FormEvent) => {
    e.preventDefault();
    void act(async () => {
      onRenamed(await api.renameProject(project.id, name.trim()));
      setMode("view");
    });
  };

  return (
    <li
      className="flex flex-col gap-3 rounded-xl border border-stone-200 bg-white p-4 dark:border-stone-800 dark:bg-stone-900"
      data-testid="project-card"
    >
      {mode === "rename" ? (
        <form onSubmit={rename} className="flex gap-2">
          <label htmlFor={`rename-${project.id}`} className="sr-only">
            New name for {project.name}
          </label>
          <input
            id={`rename-${project.id}`}
            autoFocus
            value={name}
            maxLength={100}
            onChange={(e) => setName(e.target.value)}
            onKeyDown={(e) => e.key === "Escape" && setMode("view")}
            className="h-9 flex-1 rounded-md border border-stone-300 bg-white px-2 text-sm dark:border-stone-700 dark:bg-stone-950"
          />
          <Button type="submit" disabled={busy || !name.trim()}>
            Save
          </Button>
          <Button
            variant="ghost"
            onClick={() => {
              setName(project.name);
              setMode("view");
            }}
          >
            Cancel
          </Button>
        </form>
      ) : (
        <div className="flex items-start justify-between gap-3">
          <div className="min-w-0">
            <h2 className="truncate font-medium">
              <Link
                to={`/p/${project.id}`}
                className="rounded hover:underline"
                data-testid="project-name"
                aria-label={`Open ${project.name}`}
              >
                {project.name}
              </Link>
            </h2>
            {project.deployedUrl ? (
              <a
                href={project.deployedUrl}
                target="_blank"
                rel="noreferrer"
                className="block truncate font-mono text-xs text-orange-700 hover:underline dark:text-orange-400"
                data-testid="project-url"
              >
                {project.deployedUrl}
              </a>
            ) : previewUrl ? (
              <a
                href={previewUrl}
                target="_blank"
                rel="noreferrer"
                className="block truncate font-mono text-xs text-stone-500 hover:underline"
                title="The newest preview; not published yet"
              >
                preview: {previewUrl}
              </a>
            ) : (
              <p className="truncate font-mono text-xs text-stone-500">{project.slug} · not published yet</p>
            )}
          </div>
          <span className={`shrink-0 rounded-full px-2 py-0.5 text-xs font-medium ${statusStyle[project.status]}`}>
            {project.status}
          </span>
        </div>
      )}

      {mode === "confirm-delete" ? (
        <div
          className="rounded-md bg-red-50 p-3 text-sm dark:bg-red-950/50"
          role="alertdialog"
          aria-label={`Delete ${project.name}?`}
        >
          <p>
            Delete <strong>{project.name}</strong> with its app, database, files and every version? This cannot be
            undone.
          </p>
          <div className="mt-3 flex gap-2">
            <Button
              variant="danger"
              disabled={busy}
              onClick={() =>
                act(async () => {
                  await api.deleteProject(project.id);
                  onDeleted();
                })
              }
            >
              {busy ? "Deleting…" : `Delete ${project.name}`}
            </Button>
            <Button variant="secondary" onClick={() => setMode("view")}>
              Keep it
            </Button>
          </div>
        </div>
      ) : (
        mode === "view" && (
          <div className="flex items-center justify-between gap-2 text-xs text-stone-500">
            <span className="flex items-center gap-2">
              <Link
                to={`/p/${project.id}`}
                className="rounded font-medium text-orange-700 hover:underline dark:text-orange-400"
              >
                Open workspace →
              </Link>
              <span className="hidden sm:inline">Created {new Date(project.createdAt).toLocaleDateString()}</span>
            </span>
            <span className="flex gap-1">
              <Button
                variant="ghost"
                className="h-8"
                onClick={() => setMode("rename")}
                aria-label={`Rename ${project.name}`}
              >
                Rename
              </Button>
              <Button
                variant="ghost"
                className="h-8 text-red-700 dark:text-red-400"
                onClick={() => setMode("confirm-delete")}
                aria-label={`Delete ${project.name}`}
              >
                Delete
              </Button>
            </span>
          </div>
        )
      )}
      <ErrorNote message={error} />
    </li>
  );
}
