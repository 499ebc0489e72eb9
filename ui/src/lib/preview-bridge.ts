import { useCallback, useEffect, useRef, type RefObject } from "react";

/**
 * The workspace's end of the preview bridge (the platform injects the other end into every preview
 * page: window.__kiln). Messages are `{kiln: 1, type, payload}`; the workspace says `hello` each
 * time the frame loads, and only then does the page talk back, to this origin only. Messages are
 * accepted only from the frame itself and from the preview's origin.
 */

export interface PreviewMessage {
  type: string;
  payload: unknown;
}

export function usePreviewBridge(
  frame: RefObject<HTMLIFrameElement | null>,
  frameUrl: string | null,
  onMessage: (message: PreviewMessage) => void,
): { send: (type: string, payload?: unknown) => void; hello: () => void } {
  const handler = useRef(onMessage);
  handler.current = onMessage;
  const origin = frameUrl ? new URL(frameUrl).origin : null;

  const send = useCallback(
    (type: string, payload: unknown = null) => {
      const target = frame.current?.contentWindow;
      if (target && origin) target.postMessage({ kiln: 1, type, payload }, origin);
    },
    [frame, origin],
  );

  useEffect(() => {
    function listen(event: MessageEvent) {
      const data = event.data as { kiln?: unknown; type?: unknown; payload?: unknown } | null;
      if (event.source !== frame.current?.contentWindow || event.origin !== origin) return;
      if (!data || data.kiln !== 1 || typeof data.type !== "string") return;
      handler.current({ type: data.type, payload: data.payload ?? null });
    }
    window.addEventListener("message", listen);
    return () => window.removeEventListener("message", listen);
  }, [frame, origin]);

  return { send, hello: () => send("hello") };
}
