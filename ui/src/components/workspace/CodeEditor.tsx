import { forwardRef, useImperativeHandle, useRef, type KeyboardEvent } from "react";

export interface CodeEditorHandle {
  goTo(line: number, column?: number): void;
}

/** A plain textarea with a line-number gutter (CodeMirror can replace it later). */
export const CodeEditor = forwardRef<CodeEditorHandle, { value: string; onChange: (v: string) => void; label: string; errorLines: Set<number> }>(function CodeEditor({ value, onChange, label, errorLines }, ref) {
  const area = useRef<HTMLTextAreaElement>(null);
  const gutter = useRef<HTMLDivElement>(null);
  const lines = value.split("\n").length;

  useImperativeHandle(ref, () => ({
    goTo(line, column = 1) {
      const el = area.current;
      if (!el) return;
      const rows = el.value.split("\n");
      let offset = 0;
      for (let i = 0; i < Math.min(line - 1, rows.length); i++) offset += rows[i]!.length + 1;
      offset += Math.max(0, Math.min(column - 1, rows[line - 1]?.length ?? 0));
      el.focus();
      el.setSelectionRange(offset, offset);
      const lineHeight = parseFloat(getComputedStyle(el).lineHeight) || 20;
      el.scrollTop = Math.max(0, (line - 5) * lineHeight);
    },
  }));

  // Tab indents instead of leaving the editor; Escape then Tab still moves focus on.
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key !== "Tab" || e.shiftKey || e.currentTarget.dataset.escaped === "1") {
      e.currentTarget.dataset.escaped = e.key === "Escape" ? "1" : "";
      return;
    }
    e.preventDefault();
    const el = e.currentTarget;
    const { selectionStart: s, selectionEnd: t } = el;
    onChange(`${value.slice(0, s)}  ${value.slice(t)}`);
    requestAnimationFrame(() => el.setSelectionRange(s + 2, s + 2));
  };

  return (
    <div className="flex h-full min-h-0 overflow-hidden font-mono text-xs leading-5">
      <div ref={gutter} aria-hidden className="select-none overflow-hidden border-r border-stone-200 bg-stone-50 py-2 text-right text-stone-400 dark:border-stone-800 dark:bg-stone-900">
        {Array.from({ length: lines }, (_, i) => (
          <div key={i} className={`px-2 ${errorLines.has(i + 1) ? "bg-red-100 text-red-700 dark:bg-red-950 dark:text-red-300" : ""}`}>{i + 1}</div>
        ))}
      </div>
      <textarea
        ref={area}
        aria-label={label}
        value={value}
        spellCheck={false}
        autoCapitalize="off"
        autoCorrect="off"
        wrap="off"
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={onKeyDown}
        onScroll={(e) => {
          if (gutter.current) gutter.current.scrollTop = e.currentTarget.scrollTop;
        }}
        className="min-h-0 flex-1 resize-none bg-white p-2 leading-5 whitespace-pre outline-none focus-visible:outline-none dark:bg-stone-950"
      />
    </div>
  );
});
