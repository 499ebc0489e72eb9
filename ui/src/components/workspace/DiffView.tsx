/** A unified diff with +/- colouring, as text (never HTML). */
export function DiffView({ patch }: { patch: string }) {
  if (!patch.trim()) return <p className="p-2 text-xs text-stone-500">No differences.</p>;
  const lines = patch.split("\n");
  return (
    <pre className="max-h-96 overflow-auto rounded-md border border-stone-200 bg-white font-mono text-xs leading-5 dark:border-stone-800 dark:bg-stone-950" data-testid="diff">
      {lines.map((line, n) => {
        const cls = line.startsWith("+++") || line.startsWith("---") || line.startsWith("diff ") || line.startsWith("index ")
          ? "font-semibold text-stone-700 dark:text-stone-200 bg-stone-100 dark:bg-stone-900"
          : line.startsWith("@@")
            ? "text-sky-700 dark:text-sky-300"
            : line.startsWith("+")
              ? "bg-emerald-50 text-emerald-800 dark:bg-emerald-950/60 dark:text-emerald-200"
              : line.startsWith("-")
                ? "bg-red-50 text-red-800 dark:bg-red-950/60 dark:text-red-200"
                : "text-stone-600 dark:text-stone-400";
        return (
          <div key={n} className={`px-2 whitespace-pre ${cls}`}>{line || " "}</div>
        );
      })}
    </pre>
  );
}
