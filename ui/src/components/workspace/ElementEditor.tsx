import { useEffect, useState, type ReactNode } from "react";
import { api } from "../../lib/api";
import {
  ALIGNS,
  COLORS,
  FONT_SIZES,
  FONT_WEIGHTS,
  RADII,
  SPACINGS,
  refOf,
  type ElementInfo,
  type SelectedElement,
  type StyleChange,
} from "../../lib/visual-edit";
import { Button } from "../Button";
import { ErrorNote } from "../Field";

type StyleKey = Exclude<keyof StyleChange, "hidden">;

/** "" leaves a control's classes as they are; "none" removes them. */
const CONTROLS: { key: StyleKey; label: string; options: readonly string[] }[] = [
  { key: "textColor", label: "Text colour", options: COLORS },
  { key: "backgroundColor", label: "Background", options: COLORS },
  { key: "fontSize", label: "Font size", options: FONT_SIZES },
  { key: "fontWeight", label: "Font weight", options: FONT_WEIGHTS },
  { key: "padding", label: "Padding", options: SPACINGS },
  { key: "margin", label: "Margin", options: SPACINGS },
  { key: "align", label: "Alignment", options: ALIGNS },
  { key: "radius", label: "Corner radius", options: RADII },
];

/**
 * The element picked in the preview: its component and file (with a way into the code), its text
 * edited in place and its look from controls that map to Tailwind classes. Apply writes one batch
 * to the source and builds one new version; what is not a literal in the source says why.
 */
export function ElementEditor({
  projectId,
  element,
  refreshKey,
  onClose,
  onApplied,
  onOpenCode,
}: {
  projectId: string;
  element: SelectedElement;
  /** Changes with each new version: the element is read from the source again. */
  refreshKey: number;
  onClose: () => void;
  onApplied: (previewUrl: string | null) => void;
  onOpenCode: (file: string, line: number, column: number) => void;
}) {
  const [info, setInfo] = useState<ElementInfo | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [text, setText] = useState("");
  const [style, setStyle] = useState<Partial<Record<StyleKey, string>>>({});
  const [hidden, setHidden] = useState<boolean | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<string | null>(null);

  // A new selection starts afresh; a new version (refreshKey) only reads the element again.
  useEffect(() => {
    setInfo(null);
    setError(null);
    setStatus(null);
    setStyle({});
    setHidden(undefined);
  }, [element]);
  useEffect(() => {
    let cancelled = false;
    api.inspectElement(projectId, refOf(element)).then(
      (i) => {
        if (cancelled) return;
        setInfo(i);
        setText(i.text.editable ? i.text.value : element.text);
      },
      (err: Error) => !cancelled && setError(err.message),
    );
    return () => {
      cancelled = true;
    };
  }, [projectId, element, refreshKey]);

  const textChanged = info?.text.editable === true && text.trim() !== info.text.value;
  const styleChange: StyleChange = {};
  for (const [k, v] of Object.entries(style) as [StyleKey, string][])
    if (v) (styleChange as Record<string, string | null>)[k] = v === "none" ? null : v;
  if (hidden !== undefined) styleChange.hidden = hidden;
  const changes = (textChanged ? 1 : 0) + Object.keys(styleChange).length;

  const apply = async () => {
    setBusy(true);
    setError(null);
    setStatus(null);
    try {
      const result = await api.visualEdit(projectId, {
        element: refOf(element),
        ...(textChanged ? { text } : {}),
        ...(Object.keys(styleChange).length ? { style: styleChange } : {}),
      });
      setStatus(`Version ${result.versionId} changed ${result.files.join(", ")}; the preview shows it.`);
      setStyle({});
      setHidden(undefined);
      onApplied(result.previewUrl);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const where = info ? `${info.file}:${info.line}` : element.src.replace(/:\d+$/, "");
  return (
    <aside
      className="flex h-full w-full flex-col gap-3 overflow-auto p-3 text-sm"
      aria-label="Selected element"
      data-testid="element-editor"
    >
      <div className="flex items-start gap-2">
        <div className="min-w-0 flex-1">
          <p className="font-medium">
            <code data-testid="element-tag">&lt;{element.tag}&gt;</code>
            {info?.component && (
              <>
                {" "}
                in <span data-testid="element-component">{info.component.name}</span>
              </>
            )}
          </p>
          <p className="truncate font-mono text-xs text-stone-500" data-testid="element-file" title={where}>
            {where}
          </p>
        </div>
        <Button variant="ghost" className="h-7 px-2" onClick={onClose} aria-label="Clear the selection">
          ×
        </Button>
      </div>
      {info && (
        <Button variant="secondary" className="h-8" onClick={() => onOpenCode(info.file, info.line, info.column)}>
          Open in code
        </Button>
      )}
      <ErrorNote message={error} />
      {!info && !error && <p className="text-stone-500">Reading the source…</p>}
      {info && (
        <>
          <Section title="Text">
            {info.text.editable ? (
              <>
                <input
                  aria-label="Text"
                  value={text}
                  onChange={(e) => setText(e.target.value)}
                  className="h-8 w-full rounded-md border border-stone-300 bg-white px-2 dark:border-stone-700 dark:bg-stone-900"
                />
                {info.text.via && (
                  <p className="text-xs text-stone-500">
                    Written as {info.text.via} in {info.text.file}.
                  </p>
                )}
              </>
            ) : (
              <p className="text-xs text-stone-600 dark:text-stone-400" data-testid="text-refused">
                {info.text.reason}
              </p>
            )}
          </Section>
          <Section title="Look">
            {info.className.editable ? (
              <div className="grid grid-cols-2 gap-2">
                {CONTROLS.map((c) => (
                  <label key={c.key} className="flex flex-col gap-1 text-xs">
                    {c.label}
                    <select
                      value={style[c.key] ?? ""}
                      onChange={(e) => setStyle((s) => ({ ...s, [c.key]: e.target.value }))}
                      className="h-8 rounded-md border border-stone-300 bg-white px-1 dark:border-stone-700 dark:bg-stone-900"
                    >
                      <option value="">as it is</option>
                      <option value="none">none</option>
                      {c.options.map((o) => (
                        <option key={o} value={o}>
                          {o}
                        </option>
                      ))}
                    </select>
                  </label>
                ))}
                <label className="col-span-2 flex items-center gap-2 text-xs">
                  <input
                    type="checkbox"
                    checked={hidden ?? info.className.value.split(/\s+/).includes("hidden")}
                    onChange={(e) => setHidden(e.target.checked)}
                  />
                  Hidden
                </label>
                {info.className.value && (
                  <p className="col-span-2 font-mono text-xs break-words text-stone-500" data-testid="element-classes">
                    {info.className.value}
                  </p>
                )}
              </div>
            ) : (
              <p className="text-xs text-stone-600 dark:text-stone-400" data-testid="classes-refused">
                {info.className.reason}
              </p>
            )}
          </Section>
          <Button onClick={apply} disabled={busy || changes === 0}>
            {busy ? "Building…" : changes > 1 ? `Apply ${changes} changes` : "Apply"}
          </Button>
          {status && (
            <p className="text-xs text-emerald-700 dark:text-emerald-400" role="status" data-testid="edit-status">
              {status}
            </p>
          )}
        </>
      )}
    </aside>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="space-y-1">
      <h3 className="text-xs font-semibold tracking-wide text-stone-500 uppercase">{title}</h3>
      {children}
    </section>
  );
}
