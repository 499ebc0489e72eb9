import { useCallback, useRef, useState } from "react";
import { api, type RenderError, type RenderReport } from "./api";
import type { PreviewMessage } from "./preview-bridge";

/**
 * What the page in the preview frame did, from the preview's reporter script (through the bridge):
 * it rendered, or it failed and how. Each report is posted to the version it belongs to (the
 * bridge's `ready` names it), which maps the error to the app's file and line and records it, so
 * the versions list shows which versions rendered. Only the first error of a page load is posted
 * (later ones are usually its consequences); the rest are counted.
 */

export type PreviewHealth =
  | { state: "unknown" }
  | { state: "rendered"; versionId: string | null }
  | {
      state: "failed";
      versionId: string | null;
      /** True when the page had rendered before the error: it is still usable. */
      afterRender: boolean;
      error: RenderError;
      /** Errors after the first, not shown. */
      more: number;
      /** The platform started a repair run for it (a model is connected). */
      repairRunId: string | null;
    };

interface ReportedError {
  kind: RenderError["kind"];
  message: string;
  stack?: string | null;
  componentStack?: string | null;
  where?: { url: string; line?: number | null; column?: number | null } | null;
}

function asReported(payload: unknown): ReportedError | null {
  const p = payload as Partial<ReportedError> | null;
  if (!p || typeof p.message !== "string" || typeof p.kind !== "string") return null;
  const kinds: RenderError["kind"][] = ["error", "rejection", "resource", "render", "blank"];
  if (!kinds.includes(p.kind as RenderError["kind"])) return null;
  const text = (v: unknown, max: number) => (typeof v === "string" ? v.slice(0, max) : null);
  const where = p.where && typeof p.where.url === "string" ? p.where : null;
  return {
    kind: p.kind as RenderError["kind"],
    message: p.message.slice(0, 2000) || "Unknown error",
    stack: text(p.stack, 16000),
    componentStack: text(p.componentStack, 16000),
    where: where && {
      url: where.url.slice(0, 2000),
      line: Number.isInteger(where.line) ? where.line : null,
      column: Number.isInteger(where.column) ? where.column : null,
    },
  };
}

export function usePreviewHealth(
  projectId: string,
  handlers: { onRepairStarted?: (runId: string, message: string) => void } = {},
) {
  const [health, setHealth] = useState<PreviewHealth>({ state: "unknown" });
  const on = useRef(handlers);
  on.current = handlers;
  // The page load the messages belong to: a newer load makes answers for an older one stale.
  const load = useRef({ seq: 0, versionId: null as string | null, rendered: false, errors: 0 });

  const post = useCallback(
    async (seq: number, versionId: string, report: RenderReport) => {
      try {
        const answer = await api.reportRender(projectId, versionId, report);
        if (load.current.seq !== seq) return;
        const error = answer.render.error;
        if (error)
          setHealth((h) => (h.state === "failed" ? { ...h, error, repairRunId: answer.repair?.runId ?? null } : h));
        if (answer.repair) on.current.onRepairStarted?.(answer.repair.runId, answer.repair.message);
      } catch {
        /* the preview still shows what it saw; only the record is missing */
      }
    },
    [projectId],
  );

  const onMessage = useCallback(
    (message: PreviewMessage) => {
      const current = load.current;
      if (message.type === "ready") {
        const versionId = (message.payload as { versionId?: unknown } | null)?.versionId;
        load.current = {
          seq: current.seq + 1,
          versionId: typeof versionId === "string" ? versionId : null,
          rendered: false,
          errors: 0,
        };
        setHealth({ state: "unknown" });
        return;
      }
      if (message.type === "rendered") {
        if (current.rendered || current.errors > 0) return;
        current.rendered = true;
        setHealth({ state: "rendered", versionId: current.versionId });
        if (current.versionId) void post(current.seq, current.versionId, { status: "rendered" });
        return;
      }
      if (message.type !== "error") return;
      const reported = asReported(message.payload);
      if (!reported) return;
      current.errors++;
      if (current.errors > 1) {
        setHealth((h) => (h.state === "failed" ? { ...h, more: h.more + 1 } : h));
        return;
      }
      // Shown at once in the browser's words; the platform's answer adds the file and line.
      setHealth({
        state: "failed",
        versionId: current.versionId,
        afterRender: current.rendered,
        more: 0,
        repairRunId: null,
        error: {
          kind: reported.kind,
          message: reported.message,
          file: null,
          line: null,
          column: null,
          stack: reported.stack ?? null,
          componentStack: reported.componentStack ?? null,
        },
      });
      if (current.versionId)
        void post(current.seq, current.versionId, {
          status: "failed",
          error: { ...reported, afterRender: current.rendered },
        });
    },
    [post],
  );

  const dismiss = useCallback(() => setHealth({ state: "unknown" }), []);
  return { health, onMessage, dismiss };
}

/** Where an error is, as people read it: "src/App.tsx, line 3". */
export function errorPlace(error: RenderError): string | null {
  if (!error.file) return null;
  return error.line ? `${error.file}, line ${error.line}` : error.file;
}

/** The chat message "Try to fix" sends: the error in words, where it is, and the stack's first lines. */
export function repairMessageFor(error: RenderError): string {
  const place = error.file ? ` at ${error.file}${error.line ? `:${error.line}` : ""}` : "";
  const stack = (error.componentStack || error.stack || "").trim().split("\n").slice(0, 6).join("\n");
  return `Fix the error the preview showed${place}: ${error.message}${stack ? `\n\n${stack}` : ""}`;
}
