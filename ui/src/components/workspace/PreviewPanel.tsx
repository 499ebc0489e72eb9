import { useRef, useState, type ReactNode } from "react";
import { usePreviewBridge, type PreviewMessage } from "../../lib/preview-bridge";
import type { SelectedElement } from "../../lib/visual-edit";
import { Button } from "../Button";

const devices = { phone: 390, tablet: 820, desktop: null } as const;
type Device = keyof typeof devices;

/**
 * The live preview of the newest version: an iframe with refresh, open in a new tab and device
 * widths. The frame shows the project's live preview host (one origin for every version, so the
 * app's own sign-in survives each change) and reloads whenever a new version's URL arrives; the
 * address field shows that version's own URL.
 */
export function PreviewPanel({
  url,
  liveUrl,
  building,
  onPageMessage,
  overlay,
  onSelect,
  selectedSrc = null,
  aside,
}: {
  url: string | null;
  liveUrl: string | null;
  building: boolean;
  /** Every message the page sends through the bridge (the reporter's errors and renders among them). */
  onPageMessage?: (message: PreviewMessage) => void;
  /** Shown over the frame: what the page reported (PreviewProblem). */
  overlay?: ReactNode;
  /** Select mode: the element clicked in the preview (see ElementEditor). */
  onSelect?: (element: SelectedElement) => void;
  selectedSrc?: string | null;
  /** Shown beside the frame (the selected element's editor). */
  aside?: ReactNode;
}) {
  const [device, setDevice] = useState<Device>("desktop");
  const frame = useRef<HTMLIFrameElement>(null);
  const [ready, setReady] = useState<string | null>(null);
  const bridge = usePreviewBridge(frame, liveUrl ?? url, (message: PreviewMessage) => {
    if (message.type === "ready") setReady((message.payload as { url?: string } | null)?.url ?? "");
    onPageMessage?.(message);
    if (message.type === "selected" && onSelect) onSelect(message.payload as SelectedElement);
    if (message.type === "select-ready") setUntagged(!(message.payload as { tagged?: boolean } | null)?.tagged);
  });
  const [selecting, setSelecting] = useState(false);
  /** Select mode is on over a page without source tags: nothing in it can be picked. */
  const [untagged, setUntagged] = useState(false);
  const [reloads, setReloads] = useState(0);
  const width = devices[device];
  return (
    <div className="grid h-full min-h-0 grid-rows-[auto_minmax(0,1fr)_auto] md:grid-cols-[minmax(0,1fr)_auto] md:grid-rows-[auto_minmax(0,1fr)]">
      <div className="flex flex-wrap items-center gap-2 border-b md:col-span-2 border-stone-200 px-3 py-2 dark:border-stone-800">
        <div
          className="hidden rounded-md border border-stone-300 p-0.5 sm:flex dark:border-stone-700"
          role="group"
          aria-label="Device width"
        >
          {(Object.keys(devices) as Device[]).map((d) => (
            <button
              key={d}
              type="button"
              aria-pressed={device === d}
              onClick={() => setDevice(d)}
              className={`rounded px-2 py-1 text-xs capitalize ${device === d ? "bg-stone-200 font-medium dark:bg-stone-700" : "text-stone-500 hover:text-stone-900 dark:hover:text-white"}`}
            >
              {d}
            </button>
          ))}
        </div>
        <Button
          variant="ghost"
          className="h-8"
          onClick={() => setReloads((n) => n + 1)}
          disabled={!url}
          aria-label="Refresh the preview"
        >
          ↻
        </Button>
        {onSelect && (
          <Button
            variant={selecting ? "primary" : "secondary"}
            className="h-8"
            aria-pressed={selecting}
            disabled={!url}
            title="Point at an element of the preview to edit it"
            onClick={() => {
              setSelecting(!selecting);
              setUntagged(false);
              bridge.send("select-mode", { on: !selecting });
            }}
          >
            Select
          </Button>
        )}
        <input
          readOnly
          aria-label="Preview URL"
          value={url ?? ""}
          placeholder="No version yet"
          className="h-8 min-w-0 flex-1 rounded-md border border-stone-200 bg-stone-50 px-2 font-mono text-xs text-stone-600 dark:border-stone-800 dark:bg-stone-950 dark:text-stone-300"
          data-testid="preview-url"
          onFocus={(e) => e.currentTarget.select()}
        />
        {url && (
          <a
            href={url}
            target="_blank"
            rel="noreferrer"
            className="inline-flex h-8 items-center rounded-md px-2 text-xs font-medium hover:bg-stone-100 dark:hover:bg-stone-800"
          >
            Open ↗<span className="sr-only"> the preview in a new tab</span>
          </a>
        )}
      </div>
      <div className="relative min-h-0 flex-1 overflow-auto bg-stone-100 dark:bg-stone-950">
        {url ? (
          <iframe
            key={`${url}#${reloads}`}
            ref={frame}
            src={liveUrl ?? url}
            onLoad={() => {
              setReady(null);
              bridge.hello();
              if (selecting) bridge.send("select-mode", { on: true });
              if (selectedSrc) bridge.send("highlight", { src: selectedSrc });
            }}
            data-bridge-ready={ready === null ? undefined : "true"}
            title="App preview"
            className="absolute inset-y-0 left-1/2 h-full -translate-x-1/2 border-0 bg-white shadow-sm"
            style={{ width: width ? `${width}px` : "100%", maxWidth: "100%" }}
            data-testid="preview-frame"
          />
        ) : (
          <div className="grid h-full place-items-center p-6 text-center text-sm text-stone-500">
            <p>
              {building
                ? "Building the first version… it appears here as soon as it is deployed."
                : "Nothing to preview yet. Describe your app in the chat and it appears here."}
            </p>
          </div>
        )}
        {url && overlay}
        {selecting && untagged && (
          <p
            role="status"
            data-testid="select-untagged"
            className="absolute top-2 left-2 z-20 max-w-md rounded-md bg-amber-50 px-3 py-2 text-xs text-amber-900 shadow dark:bg-amber-950 dark:text-amber-100"
          >
            Nothing on this page can be selected: this version was built before Kiln marked previews with their source,
            or uploaded through the deploy API. Make any change in the chat (or Save &amp; build in Code) and select
            again.
          </p>
        )}
        {building && url && (
          <span
            className="absolute top-2 right-2 rounded-full bg-amber-100 px-2 py-0.5 text-xs text-amber-800 shadow dark:bg-amber-950 dark:text-amber-200"
            role="status"
          >
            Building a new version…
          </span>
        )}
      </div>
      {aside && (
        <div className="max-h-[45vh] overflow-auto border-t border-stone-200 bg-white md:max-h-none md:w-72 md:border-t-0 md:border-l lg:w-80 dark:border-stone-800 dark:bg-stone-900">
          {aside}
        </div>
      )}
    </div>
  );
}
