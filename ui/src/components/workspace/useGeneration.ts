import { useCallback, useEffect, useRef, useState } from "react";
import { ApiError, api, type ChatMessage, type ChatOptions, type RunSummary } from "../../lib/api";
import { newRun, pastRun, reduceRun, type RunState } from "../../lib/run";
import { readEventStream, type StreamedEvent } from "../../lib/sse";

/** One entry of the conversation, in time order. */
export type ChatItem =
  { kind: "message"; at: number; message: ChatMessage } | { kind: "run"; at: number; run: RunState; past: boolean };

const messageTime = (m: ChatMessage) =>
  Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(m.createdAt) ? m.createdAt : `${m.createdAt.replace(" ", "T")}Z`);

/**
 * The messages a run already shows (its prompt, and its reply or error), so they are not drawn twice.
 */
function coveredBy(runs: RunState[], summaries: RunSummary[], messages: ChatMessage[]): Set<string> {
  const covered = new Set<string>();
  summaries.forEach((summary, i) => {
    const run = runs[i]!;
    const started = Date.parse(summary.createdAt);
    const prompt = messages.find(
      (m) =>
        !covered.has(m.id) &&
        m.role === "user" &&
        m.content === summary.message &&
        Math.abs(messageTime(m) - started) < 60_000,
    );
    if (prompt) covered.add(prompt.id);
    const said = run.done?.reply ?? run.error?.message;
    const reply =
      said &&
      messages.find(
        (m) => !covered.has(m.id) && m.role === "assistant" && m.content === said && messageTime(m) >= started - 1000,
      );
    if (reply) covered.add(reply.id);
  });
  return covered;
}

/**
 * The chat of one project: its history (past runs redrawn from their events), the generations
 * started (or found running) in this page, sending, stopping and reconnecting after a reload or a
 * dropped stream.
 */
export function useGeneration(projectId: string, onFinished: (run: RunState) => void) {
  const [messages, setMessages] = useState<ChatMessage[] | null>(null);
  const [past, setPast] = useState<RunState[]>([]);
  const [runs, setRuns] = useState<RunState[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [stopping, setStopping] = useState(false);
  const finishedRef = useRef(onFinished);
  finishedRef.current = onFinished;
  const aborts = useRef(new Set<AbortController>());
  const stopWanted = useRef<number | null>(null);

  const update = useCallback((key: RunState, fn: (r: RunState) => RunState) => {
    setRuns((list) => list.map((r) => (r.startedAt === key.startedAt ? fn(r) : r)));
  }, []);

  const cancel = useCallback(
    async (runId: string) => {
      setStopping(true);
      try {
        // "Stopping…" stays until the run's last event arrives.
        if (!(await api.cancelRun(projectId, runId)).cancelled) setStopping(false);
      } catch (err) {
        setError((err as Error).message);
        setStopping(false);
      }
    },
    [projectId],
  );

  /** Follows a run's stream to its end, reopening it from the last event seen if it drops. */
  const follow = useCallback(
    async (
      initial: RunState,
      first:
        | ((onEvent: (e: StreamedEvent) => void, signal: AbortSignal, onOpen: (res: Response) => void) => Promise<void>)
        | null,
    ) => {
      let state = initial;
      const apply = (fn: (r: RunState) => RunState) => {
        state = fn(state);
        update(initial, () => state);
      };
      const onEvent = (e: StreamedEvent) =>
        apply((r) => {
          const next = reduceRun(r, e);
          return next.done || next.error ? next : { ...next, live: true };
        });
      const ctrl = new AbortController();
      aborts.current.add(ctrl);
      let attempts = 0;
      let opener = first;
      try {
        while (!state.done && !state.error && !ctrl.signal.aborted) {
          const seen = state.lastSeq;
          try {
            // The run's id comes in a header, before the first event: Stop works from the start.
            if (opener)
              await opener(onEvent, ctrl.signal, (res) => {
                apply((r) => ({ ...r, runId: r.runId ?? res.headers.get("x-kiln-run") }));
                if (stopWanted.current === initial.startedAt && state.runId) {
                  stopWanted.current = null;
                  void cancel(state.runId);
                }
              });
            else if (state.runId)
              await readEventStream(
                "GET",
                `/api/chat/${encodeURIComponent(projectId)}/runs/${encodeURIComponent(state.runId)}/events?after=${state.lastSeq}`,
                undefined,
                onEvent,
                ctrl.signal,
              );
            // A stream that ended early counts as a failed attempt unless it brought new events.
            attempts = state.lastSeq > seen ? 0 : attempts + 1;
          } catch (err) {
            if (ctrl.signal.aborted) return;
            if (err instanceof ApiError && err.status !== 0) {
              apply((r) => ({ ...r, live: false, error: { code: err.code, message: err.message } }));
              break;
            }
            attempts++;
          }
          opener = null;
          if (state.done || state.error) break;
          if (!state.runId || attempts > 5) {
            apply((r) => ({
              ...r,
              live: false,
              error: {
                code: "stream_lost",
                message:
                  "The connection to Kiln was lost before the generation finished. Reload the page to see how it ended.",
              },
            }));
            break;
          }
          apply((r) => ({ ...r, live: false }));
          await new Promise((res) => setTimeout(res, 1000 * Math.min(attempts + 1, 4)));
        }
      } finally {
        aborts.current.delete(ctrl);
        setStopping(false);
      }
      if (!ctrl.signal.aborted) finishedRef.current(state);
    },
    [projectId, update, cancel],
  );

  // History, and a run still going (after a reload) is picked up again.
  useEffect(() => {
    let cancelled = false;
    setMessages(null);
    setPast([]);
    setRuns([]);
    api.history(projectId, true).then(
      ({ messages, runs: summaries }) => {
        if (cancelled) return;
        const oldestFirst = [...summaries].reverse();
        const states = oldestFirst.map(pastRun);
        const covered = coveredBy(states, oldestFirst, messages);
        setMessages(messages.filter((m) => !covered.has(m.id)));
        const going = oldestFirst.findIndex((r) => r.status === "running" || r.status === "queued");
        setPast(states.filter((_, i) => i !== going));
        if (going >= 0) {
          const run = { ...states[going]!, live: true };
          setRuns([run]);
          void follow(run, null);
        }
      },
      (err: Error) => !cancelled && setError(err.message),
    );
    const current = aborts.current;
    return () => {
      cancelled = true;
      for (const a of current) a.abort();
      current.clear();
    };
  }, [projectId, follow, update]);

  const busy = runs.some((r) => !r.done && !r.error);

  const send = useCallback(
    (message: string, options: ChatOptions = {}) => {
      setError(null);
      const run = newRun(message);
      setRuns((list) => [...list, run]);
      void follow(run, (onEvent, signal, onOpen) =>
        readEventStream("POST", "/api/chat", { projectId, message, ...options }, onEvent, signal, onOpen),
      );
    },
    [projectId, follow, update],
  );

  /** Follows a run the platform started on its own (a repair of the preview's error), as if sent here. */
  const attach = useCallback(
    (runId: string, message: string) => {
      const run = { ...newRun(message, runId), live: true };
      setRuns((list) => [...list, run]);
      void follow(run, null);
    },
    [follow],
  );

  /** Stops the running generation; pressed before its id is known, the stop is sent as soon as it is. */
  const stop = useCallback(async () => {
    const current = runs.find((r) => !r.done && !r.error);
    if (!current) return;
    if (current.runId) return cancel(current.runId);
    stopWanted.current = current.startedAt;
    setStopping(true);
  }, [runs, cancel]);

  const items: ChatItem[] | null =
    messages === null
      ? null
      : [
          ...[
            ...messages.map((m) => ({ kind: "message" as const, at: messageTime(m), message: m })),
            ...past.map((run) => ({ kind: "run" as const, at: run.startedAt, run, past: true })),
          ].sort((a, b) => a.at - b.at),
          // Runs of this page come last whatever the browser's clock says.
          ...runs.map((run) => ({ kind: "run" as const, at: run.startedAt, run, past: false })),
        ];
  const latestRun = runs.at(-1) ?? past.at(-1);

  return { items, latestRun, runs, error, busy, send, attach, stop, stopping };
}
