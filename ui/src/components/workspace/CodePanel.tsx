import { useEffect, useMemo, useRef, useState } from "react";
import { ApiError, api, type BuildError, type SourceFile } from "../../lib/api";
import { Button } from "../Button";
import { ErrorNote } from "../Field";
import { CodeEditor, type CodeEditorHandle } from "./CodeEditor";

/** The project's source: a file tree, an editor, and Save & build with the build's errors inline. */
export function CodePanel({
  projectId,
  refreshKey,
  onBuilt,
  runProblems,
  reveal,
}: {
  projectId: string;
  refreshKey: number;
  onBuilt: (previewUrl: string | null) => void;
  runProblems: BuildError[];
  /** Open this file at this line (the preview's error, an element picked in it); a new object jumps again. */
  reveal?: { file: string; line: number; column: number } | null;
}) {
  const [files, setFiles] = useState<SourceFile[] | null>(null);
  const [path, setPath] = useState<string | null>(null);
  const [content, setContent] = useState<string>("");
  const [saved, setSaved] = useState<string>("");
  const [loadingFile, setLoadingFile] = useState(false);
  /** The file whose content the editor holds. */
  const [shown, setShown] = useState<string | null>(null);
  const [busy, setBusy] = useState<"save" | "build" | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [buildErrors, setBuildErrors] = useState<BuildError[]>([]);
  const editor = useRef<CodeEditorHandle>(null);

  // The problems a generation failed on show here too, until the next build here replaces them.
  useEffect(() => {
    if (runProblems.length === 0) return;
    setBuildErrors(runProblems);
    setError("The last generation failed on these problems; nothing was deployed and the live version is unchanged.");
  }, [runProblems]);
  const pendingJump = useRef<{ line: number; column: number } | null>(null);

  useEffect(() => {
    api.files(projectId).then(
      (list) => {
        setFiles(list);
        setPath((p) => p ?? list.find((f) => f.path === "src/App.tsx")?.path ?? list[0]?.path ?? null);
      },
      (err: Error) => setError(err.message),
    );
  }, [projectId, refreshKey]);

  // A new version (from the chat) reloads the open file, unless it has unsaved edits.
  const dirtyRef = useRef(false);
  dirtyRef.current = content !== saved;
  const loadedPath = useRef<string | null>(null);
  useEffect(() => {
    if (!path) return;
    if (path === loadedPath.current && dirtyRef.current) return;
    loadedPath.current = path;
    let cancelled = false;
    setLoadingFile(true);
    api.readFile(projectId, path).then(
      (f) => {
        if (cancelled) return;
        setContent(f.content);
        setSaved(f.content);
        setShown(path);
        setLoadingFile(false);
        const jump = pendingJump.current;
        pendingJump.current = null;
        if (jump) requestAnimationFrame(() => editor.current?.goTo(jump.line, jump.column));
      },
      (err: Error) => {
        if (cancelled) return;
        setError(err.message);
        setLoadingFile(false);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [projectId, path, refreshKey]);

  const dirty = content !== saved;
  const open = (p: string) => {
    if (p === path) return;
    if (dirty && !confirm(`Discard the unsaved changes to ${path}?`)) return;
    setPath(p);
  };

  const jumpTo = (e: BuildError) => {
    if (!e.file) return;
    if (e.file === path) editor.current?.goTo(e.line || 1, e.column || 1);
    else {
      pendingJump.current = { line: e.line || 1, column: e.column || 1 };
      open(e.file);
    }
  };

  // A place asked for from outside: open its file, then move there once the editor shows that file.
  const revealed = useRef<typeof reveal>(null);
  useEffect(() => {
    if (reveal && reveal.file !== path) open(reveal.file);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- open once per reveal asked for
  }, [reveal]);
  useEffect(() => {
    if (!reveal || revealed.current === reveal || loadingFile || path !== reveal.file || shown !== reveal.file) return;
    // The editor of a file just shown may mount a frame later: try for up to a second.
    let tries = 60;
    let frame = requestAnimationFrame(function jump() {
      if (!editor.current) {
        if (--tries > 0) frame = requestAnimationFrame(jump);
        return;
      }
      revealed.current = reveal;
      editor.current.goTo(reveal.line, reveal.column);
    });
    return () => cancelAnimationFrame(frame);
  }, [reveal, loadingFile, path, shown]);

  const save = async () => {
    if (!path) return;
    await api.writeFile(projectId, path, content);
    setSaved(content);
  };

  const saveAndBuild = async (build: boolean) => {
    setBusy(build ? "build" : "save");
    setError(null);
    setStatus(null);
    try {
      if (dirty) await save();
      if (build) {
        setBuildErrors([]);
        const result = await api.build(projectId);
        setStatus(
          `Built version ${result.versionId} in ${(result.buildTime / 1000).toFixed(1)} s; the preview shows it.`,
        );
        setBuildErrors(result.diagnostics ?? []);
        onBuilt(result.previewUrl);
      } else setStatus("Saved. Build to see it in the preview.");
    } catch (err) {
      if (err instanceof ApiError && err.code === "build_failed" && Array.isArray(err.details)) {
        setBuildErrors(err.details as BuildError[]);
        setError("The build failed; nothing was deployed and the live version is unchanged.");
      } else setError((err as Error).message);
    } finally {
      setBusy(null);
    }
  };

  const fileErrors = useMemo(() => buildErrors.filter((e) => e.file === path), [buildErrors, path]);
  const tree = useMemo(
    () =>
      (files ?? []).map((f) => ({
        ...f,
        depth: f.path.split("/").length - 1,
        name: f.path.split("/").at(-1)!,
        dir: f.path.split("/").slice(0, -1).join("/"),
      })),
    [files],
  );

  return (
    <div className="flex h-full min-h-0 flex-col md:flex-row">
      <nav
        className="max-h-40 shrink-0 overflow-y-auto border-b border-stone-200 py-2 text-xs md:max-h-none md:w-56 md:border-r md:border-b-0 dark:border-stone-800"
        aria-label="Files"
      >
        {files === null && !error && (
          <p className="px-3 text-stone-500" role="status">
            Loading files…
          </p>
        )}
        {files?.length === 0 && <p className="px-3 text-stone-500">No files yet.</p>}
        <ul>
          {tree.map((f, i) => (
            <li key={f.path}>
              {f.dir && f.dir !== tree[i - 1]?.dir && (
                <div
                  className="truncate px-3 pt-1 font-medium text-stone-500"
                  style={{ paddingLeft: `${0.75 + (f.depth - 1) * 0.75}rem` }}
                >
                  {f.dir.split("/").at(-1)}/
                </div>
              )}
              <button
                type="button"
                onClick={() => open(f.path)}
                aria-current={f.path === path ? "true" : undefined}
                title={f.path}
                className={`block w-full truncate py-0.5 pr-2 text-left font-mono ${f.path === path ? "bg-orange-100 text-orange-900 dark:bg-orange-950 dark:text-orange-100" : "hover:bg-stone-100 dark:hover:bg-stone-800"}`}
                style={{ paddingLeft: `${0.75 + f.depth * 0.75}rem` }}
              >
                {f.name}
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <div className="flex min-h-0 min-w-0 flex-1 flex-col">
        <div className="flex flex-wrap items-center gap-2 border-b border-stone-200 px-3 py-2 dark:border-stone-800">
          <span className="min-w-0 flex-1 truncate font-mono text-xs">
            {path ?? "—"}
            {dirty && (
              <span className="text-orange-600" title="Unsaved changes">
                {" "}
                ●
              </span>
            )}
          </span>
          <Button
            variant="secondary"
            className="h-8 text-xs"
            disabled={!path || !dirty || busy !== null}
            onClick={() => void saveAndBuild(false)}
          >
            {busy === "save" ? "Saving…" : "Save"}
          </Button>
          <Button className="h-8 text-xs" disabled={!path || busy !== null} onClick={() => void saveAndBuild(true)}>
            {busy === "build" ? "Building…" : "Save & build"}
          </Button>
        </div>
        <ErrorNote message={error} />
        {status && (
          <p className="px-3 py-1 text-xs text-emerald-700 dark:text-emerald-300" role="status">
            {status}
          </p>
        )}
        {buildErrors.length > 0 && (
          <ul
            className="max-h-32 shrink-0 overflow-y-auto border-b border-stone-200 text-xs dark:border-stone-800"
            aria-label="Build problems"
            data-testid="build-errors"
          >
            {buildErrors.map((e, n) => (
              <li key={n}>
                <button
                  type="button"
                  onClick={() => jumpTo(e)}
                  className="block w-full px-3 py-1 text-left hover:bg-red-50 dark:hover:bg-red-950"
                >
                  <span
                    className={`font-mono ${e.severity === "warning" ? "text-amber-700 dark:text-amber-300" : "text-red-700 dark:text-red-300"}`}
                  >
                    {e.file || "(project)"}
                    {e.line ? `:${e.line}:${e.column}` : ""}
                  </span>{" "}
                  {e.message}
                  <span className="text-stone-500">
                    {" "}
                    {e.code} · {e.source}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        )}
        <div className="min-h-0 flex-1">
          {path && !loadingFile ? (
            <CodeEditor
              ref={editor}
              path={path}
              value={content}
              onChange={setContent}
              label={`Contents of ${path}`}
              errors={fileErrors}
            />
          ) : (
            <p className="p-3 text-xs text-stone-500" role="status">
              {path ? "Loading…" : "Pick a file."}
            </p>
          )}
        </div>
      </div>
    </div>
  );
}
