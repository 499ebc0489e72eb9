import { useMemo, useState } from "react";
import { parseFiles, type DiffRow, type FileDiff } from "../../lib/diff";

export type DiffMode = "unified" | "split";

const removed = "bg-red-50 text-red-900 dark:bg-red-950/60 dark:text-red-100";
const added = "bg-emerald-50 text-emerald-900 dark:bg-emerald-950/60 dark:text-emerald-100";
const num = "w-10 shrink-0 select-none pr-2 text-right text-stone-400 tabular-nums";

function UnifiedRow({ row }: { row: DiffRow }) {
  if (row.kind === "hunk")
    return <div className="bg-sky-50 px-2 text-sky-800 dark:bg-sky-950/50 dark:text-sky-200">{row.old}</div>;
  const cls = row.kind === "add" ? added : row.kind === "del" ? removed : "text-stone-600 dark:text-stone-400";
  const sign = row.kind === "add" ? "+" : row.kind === "del" ? "-" : " ";
  return (
    <div className={`flex ${cls}`}>
      <span className={num}>{row.oldNo ?? ""}</span>
      <span className={num}>{row.newNo ?? ""}</span>
      <span className="whitespace-pre pr-2">
        {sign}
        {row.kind === "add" ? row.new : row.old}
      </span>
    </div>
  );
}

function SplitRow({ row }: { row: DiffRow }) {
  if (row.kind === "hunk")
    return <div className="col-span-2 bg-sky-50 px-2 text-sky-800 dark:bg-sky-950/50 dark:text-sky-200">{row.old}</div>;
  const left =
    row.kind === "del" || row.kind === "change" ? removed : row.kind === "add" ? "bg-stone-50 dark:bg-stone-900" : "";
  const right =
    row.kind === "add" || row.kind === "change" ? added : row.kind === "del" ? "bg-stone-50 dark:bg-stone-900" : "";
  return (
    <>
      <div className={`flex min-w-0 border-r border-stone-200 dark:border-stone-800 ${left}`}>
        <span className={num}>{row.oldNo ?? ""}</span>
        <span className="min-w-0 whitespace-pre-wrap break-all pr-2">{row.old ?? ""}</span>
      </div>
      <div className={`flex min-w-0 ${right}`}>
        <span className={num}>{row.newNo ?? ""}</span>
        <span className="min-w-0 whitespace-pre-wrap break-all pr-2">{row.new ?? ""}</span>
      </div>
    </>
  );
}

function FileBlock({ file, mode }: { file: FileDiff; mode: DiffMode }) {
  const [open, setOpen] = useState(true);
  return (
    <section
      className="overflow-hidden rounded-md border border-stone-200 dark:border-stone-800"
      data-testid="diff-file"
      data-path={file.path}
    >
      <button
        type="button"
        className="flex w-full items-center gap-2 bg-stone-100 px-2 py-1 text-left font-mono text-xs dark:bg-stone-900"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
      >
        <span aria-hidden>{open ? "▾" : "▸"}</span>
        <span className="min-w-0 flex-1 truncate">{file.path}</span>
        {file.status !== "modified" && <span className="text-stone-500">{file.status}</span>}
        <span className="text-emerald-700 dark:text-emerald-400">+{file.additions}</span>
        <span className="text-red-700 dark:text-red-400">−{file.deletions}</span>
      </button>
      {open && (
        <div className="max-h-[28rem] overflow-auto bg-white font-mono text-xs leading-5 dark:bg-stone-950">
          {mode === "unified" ? (
            <div className="min-w-fit">
              {file.unified.map((r, i) => (
                <UnifiedRow key={i} row={r} />
              ))}
            </div>
          ) : (
            <div className="grid grid-cols-2" data-testid="diff-split">
              {file.split.map((r, i) => (
                <SplitRow key={i} row={r} />
              ))}
            </div>
          )}
        </div>
      )}
    </section>
  );
}

/** A multi-file diff: a summary of the files changed, then each file unified or side by side. */
export function DiffView({ patch }: { patch: string }) {
  const files = useMemo(() => parseFiles(patch), [patch]);
  const [mode, setMode] = useState<DiffMode>(
    () => (localStorage.getItem("kiln.diffMode") as DiffMode | null) ?? "unified",
  );
  const choose = (m: DiffMode) => {
    setMode(m);
    localStorage.setItem("kiln.diffMode", m);
  };
  if (files.length === 0) return <p className="p-2 text-xs text-stone-500">No differences.</p>;
  const additions = files.reduce((n, f) => n + f.additions, 0);
  const deletions = files.reduce((n, f) => n + f.deletions, 0);
  return (
    <div className="space-y-2" data-testid="diff">
      <div className="flex flex-wrap items-center gap-2 text-xs">
        <span className="text-stone-600 dark:text-stone-300">
          {files.length} file{files.length === 1 ? "" : "s"} changed,{" "}
          <span className="text-emerald-700 dark:text-emerald-400">+{additions}</span>{" "}
          <span className="text-red-700 dark:text-red-400">−{deletions}</span>
        </span>
        <div
          className="ml-auto flex rounded-md border border-stone-300 p-0.5 dark:border-stone-700"
          role="group"
          aria-label="Diff layout"
        >
          {(["unified", "split"] as const).map((m) => (
            <button
              key={m}
              type="button"
              aria-pressed={mode === m}
              onClick={() => choose(m)}
              className={`rounded px-2 py-0.5 ${mode === m ? "bg-stone-200 font-medium dark:bg-stone-700" : "text-stone-500"}`}
            >
              {m === "unified" ? "Unified" : "Side by side"}
            </button>
          ))}
        </div>
      </div>
      {files.map((f) => (
        <FileBlock key={f.path} file={f} mode={mode} />
      ))}
    </div>
  );
}
