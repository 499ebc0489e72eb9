import { rawRequest, type GenerationEvent } from "./api";

export type StreamedEvent = GenerationEvent & { seq: number; at: number };

/**
 * Reads a `text/event-stream` answer (POST /api/chat or GET …/runs/:id/events) with fetch and a
 * stream reader (EventSource cannot POST, nor report an error's status), calling `onEvent` per
 * event. The session travels in the cookie, as with every other request.
 * Resolves when the stream ends; rejects with ApiError for a non-2xx answer.
 */
export async function readEventStream(
  method: "GET" | "POST",
  path: string,
  body: unknown,
  onEvent: (event: StreamedEvent) => void,
  signal?: AbortSignal,
  onOpen?: (res: Response) => void,
): Promise<void> {
  const res = await rawRequest(method, path, {
    body: body === undefined ? undefined : JSON.stringify(body),
    headers: { accept: "text/event-stream", ...(body === undefined ? {} : { "content-type": "application/json" }) },
    signal,
  });
  onOpen?.(res);
  if (!res.body) return;
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value.replace(/\r\n/g, "\n");
    let boundary: number;
    while ((boundary = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, boundary);
      buffer = buffer.slice(boundary + 2);
      const event = parseBlock(block);
      if (event) onEvent(event);
    }
  }
  const last = parseBlock(buffer);
  if (last) onEvent(last);
}

/** One SSE block: the JSON of its data lines (with `type` from `event:` when the data lacks it). */
export function parseBlock(block: string): StreamedEvent | null {
  let name = "";
  const data: string[] = [];
  for (const line of block.split("\n")) {
    if (line.startsWith(":")) continue;
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
    if (field === "event") name = value;
    else if (field === "data") data.push(value);
  }
  if (data.length === 0) return null;
  try {
    const parsed = JSON.parse(data.join("\n")) as StreamedEvent;
    if (!parsed.type && name) (parsed as { type: string }).type = name;
    return parsed;
  } catch {
    return null;
  }
}
