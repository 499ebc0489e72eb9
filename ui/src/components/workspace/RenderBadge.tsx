import type { RenderResult } from "../../lib/api";
import { errorPlace } from "../../lib/preview-health";

/** Whether a version's page rendered in the preview, last time it was shown there (the error on hover). */
export function RenderBadge({ render }: { render: RenderResult | null }) {
  if (!render) return null;
  const failed = render.status === "failed";
  const place = render.error && errorPlace(render.error);
  return (
    <span
      className={`rounded-full px-2 py-0.5 text-xs ${failed ? "bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-200" : "bg-stone-100 text-stone-600 dark:bg-stone-800 dark:text-stone-300"}`}
      title={render.error ? `${render.error.message}${place ? ` (${place})` : ""}` : "Its page rendered in the preview"}
      data-testid="version-render"
      data-status={render.status}
    >
      {failed ? (render.error?.afterRender ? "error after render" : "did not render") : "rendered"}
    </span>
  );
}

/** The render error of a version, in words, for its expanded entry. */
export function RenderProblem({ render }: { render: RenderResult | null }) {
  if (render?.status !== "failed" || !render.error) return null;
  const place = errorPlace(render.error);
  return (
    <p className="text-xs text-red-700 dark:text-red-300" data-testid="version-render-error">
      In the preview: {render.error.message}
      {place ? ` (${place})` : ""}
    </p>
  );
}
