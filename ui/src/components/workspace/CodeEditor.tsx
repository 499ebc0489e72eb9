import { indentWithTab } from "@codemirror/commands";
import { css } from "@codemirror/lang-css";
import { html } from "@codemirror/lang-html";
import { javascript } from "@codemirror/lang-javascript";
import { json } from "@codemirror/lang-json";
import { sql } from "@codemirror/lang-sql";
import { lintGutter, setDiagnostics, type Diagnostic } from "@codemirror/lint";
import { Compartment, EditorState, type Extension } from "@codemirror/state";
import { oneDark } from "@codemirror/theme-one-dark";
import { EditorView, keymap } from "@codemirror/view";
import { basicSetup } from "codemirror";
import { forwardRef, useEffect, useImperativeHandle, useRef } from "react";
import type { BuildError } from "../../lib/api";

export interface CodeEditorHandle {
  goTo(line: number, column?: number): void;
}

function languageFor(path: string): Extension {
  const ext = path.split(".").at(-1)?.toLowerCase();
  switch (ext) {
    case "ts":
    case "mts":
      return javascript({ typescript: true });
    case "tsx":
      return javascript({ typescript: true, jsx: true });
    case "js":
    case "mjs":
    case "cjs":
    case "jsx":
      return javascript({ jsx: true });
    case "css":
      return css();
    case "html":
      return html();
    case "json":
    case "jsonc":
      return json();
    case "sql":
      return sql();
    default:
      return [];
  }
}

const isDark = () => document.documentElement.classList.contains("dark");
const frame = EditorView.theme({
  "&": { height: "100%", fontSize: "12px" },
  ".cm-scroller": { fontFamily: "ui-monospace, SFMono-Regular, Menlo, monospace" },
});

/** Build errors of this file as editor diagnostics (squiggles plus gutter markers). */
function toDiagnostics(state: EditorState, errors: BuildError[]): Diagnostic[] {
  return errors.map((e) => {
    const line = state.doc.line(Math.min(Math.max(e.line || 1, 1), state.doc.lines));
    const from = Math.min(line.from + Math.max((e.column || 1) - 1, 0), line.to);
    return {
      from,
      to: from < line.to ? line.to : from,
      severity: e.severity === "warning" ? "warning" : "error",
      message: e.message,
      source: `${e.source} ${e.code}`,
    };
  });
}

/**
 * CodeMirror 6 for one file: syntax highlighting by extension, search, folding, undo, build errors
 * inline. Tab indents; Escape then Tab moves focus on, as CodeMirror documents.
 */
export const CodeEditor = forwardRef<
  CodeEditorHandle,
  { path: string; value: string; onChange: (v: string) => void; label: string; errors: BuildError[] }
>(function CodeEditor({ path, value, onChange, label, errors }, ref) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const changed = useRef(onChange);
  changed.current = onChange;
  const theme = useRef(new Compartment());

  // One editor per file: the language, history and scroll position belong to the file.
  useEffect(() => {
    const v = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: value,
        extensions: [
          basicSetup,
          keymap.of([indentWithTab]),
          languageFor(path),
          lintGutter(),
          frame,
          theme.current.of(isDark() ? oneDark : []),
          EditorView.contentAttributes.of({ "aria-label": label }),
          EditorView.updateListener.of((u) => {
            if (u.docChanged) changed.current(u.state.doc.toString());
          }),
        ],
      }),
    });
    view.current = v;
    // Follow the app's theme switch.
    const watcher = new MutationObserver(() =>
      v.dispatch({ effects: theme.current.reconfigure(isDark() ? oneDark : []) }),
    );
    watcher.observe(document.documentElement, { attributes: true, attributeFilter: ["class"] });
    return () => {
      watcher.disconnect();
      v.destroy();
      view.current = null;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- a new file means a new editor; value changes are synced below
  }, [path]);

  // A value from outside (a reload after a new version) replaces the document.
  useEffect(() => {
    const v = view.current;
    if (v && v.state.doc.toString() !== value)
      v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: value } });
  }, [value]);

  useEffect(() => {
    const v = view.current;
    if (v) v.dispatch(setDiagnostics(v.state, toDiagnostics(v.state, errors)));
  }, [errors, path, value]);

  useImperativeHandle(ref, () => ({
    goTo(line, column = 1) {
      const v = view.current;
      if (!v) return;
      const l = v.state.doc.line(Math.min(Math.max(line, 1), v.state.doc.lines));
      const pos = Math.min(l.from + Math.max(column - 1, 0), l.to);
      v.dispatch({ selection: { anchor: pos }, effects: EditorView.scrollIntoView(pos, { y: "center" }) });
      v.focus();
    },
  }));

  return (
    <div ref={host} className="h-full min-h-0 overflow-hidden bg-white dark:bg-stone-950" data-testid="code-editor" />
  );
});
