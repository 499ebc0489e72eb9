import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { Markdown } from "../../lib/markdown";
import { isFinished, type RunState } from "../../lib/run";
import { Button } from "../Button";
import { ErrorNote } from "../Field";
import { RunCard } from "./RunCard";
import type { useGeneration } from "./useGeneration";
import { refOf, type SelectedElement } from "../../lib/visual-edit";

const examples = [
  "a todo app with due dates",
  "a CRM with companies and contacts",
  "a recipe book with ingredients and tags",
];

function Bubble({ role, children }: { role: "user" | "assistant"; children: React.ReactNode }) {
  return role === "user" ? (
    <div
      className="ml-8 self-end rounded-xl rounded-br-sm bg-orange-600 px-3 py-2 text-sm whitespace-pre-wrap text-white"
      data-testid="user-message"
    >
      {children}
    </div>
  ) : (
    <div
      className="mr-8 rounded-xl rounded-bl-sm bg-stone-100 px-3 py-2 text-sm dark:bg-stone-800"
      data-testid="assistant-message"
    >
      {children}
    </div>
  );
}

/** The chat: history, live generations and the message box. */
export function ChatPanel({
  chat,
  selected = null,
  onClearSelected,
}: {
  chat: ReturnType<typeof useGeneration>;
  /** An element picked in the preview: messages are about it until it is cleared. */
  selected?: SelectedElement | null;
  onClearSelected?: () => void;
}) {
  const { items, latestRun, busy, send, stop, stopping, error } = chat;
  const [draft, setDraft] = useState("");
  const [planFirst, setPlanFirst] = useState(() => localStorage.getItem("kiln.planFirst") === "1");
  const scroller = useRef<HTMLDivElement>(null);

  // Keep the newest content in view while a run streams.
  const lastRun: RunState | undefined = latestRun;
  useEffect(() => {
    const el = scroller.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [items?.length, lastRun?.lastSeq]);

  const togglePlanFirst = (on: boolean) => {
    setPlanFirst(on);
    localStorage.setItem("kiln.planFirst", on ? "1" : "0");
  };
  const awaitingPlan = Boolean(lastRun?.plan?.awaitingApproval && isFinished(lastRun));
  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    const message = draft.trim();
    if (!message || busy) return;
    setDraft("");
    send(message, selected ? { planFirst, element: refOf(selected) } : { planFirst });
  };
  const onKey = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      submit();
    }
  };

  const empty = items !== null && items.length === 0;
  return (
    <div className="flex h-full min-h-0 flex-col">
      <div
        ref={scroller}
        className="flex min-h-0 flex-1 flex-col gap-3 overflow-y-auto p-3"
        aria-live="polite"
        data-testid="chat-log"
      >
        {items === null && !error && (
          <p className="text-sm text-stone-500" role="status">
            Loading the conversation…
          </p>
        )}
        {empty && (
          <div className="m-auto max-w-sm space-y-3 text-center text-sm text-stone-500">
            <p className="text-base font-medium text-stone-700 dark:text-stone-200">What should this app do?</p>
            <p>Describe it in a sentence; Kiln plans it, writes it, builds it and shows it on the right.</p>
            <div className="flex flex-wrap justify-center gap-2">
              {examples.map((ex) => (
                <button
                  key={ex}
                  type="button"
                  onClick={() => {
                    setDraft(ex);
                    document.getElementById("chat-input")?.focus();
                  }}
                  className="rounded-full border border-stone-300 px-3 py-1 text-xs hover:bg-stone-100 dark:border-stone-700 dark:hover:bg-stone-800"
                >
                  {ex}
                </button>
              ))}
            </div>
          </div>
        )}
        {items?.map((item) =>
          item.kind === "message" ? (
            <Bubble key={item.message.id} role={item.message.role}>
              {item.message.role === "assistant" ? <Markdown text={item.message.content} /> : item.message.content}
            </Bubble>
          ) : (
            <div
              key={`${item.past ? "past" : "live"}-${item.run.runId ?? item.run.startedAt}`}
              className="flex flex-col gap-3"
            >
              {item.run.message && <Bubble role="user">{item.run.message}</Bubble>}
              <RunCard
                run={item.run}
                onSend={(m) => !busy && send(m)}
                onApprove={(plan) =>
                  !busy &&
                  send(plan ? "Build the plan as I edited it" : "Build this plan", { approve: plan ? { plan } : {} })
                }
                stopping={stopping}
                latest={item.run === latestRun}
              />
            </div>
          ),
        )}
      </div>
      <ErrorNote message={error} />
      <form onSubmit={submit} className="border-t border-stone-200 p-3 dark:border-stone-800">
        <label htmlFor="chat-input" className="sr-only">
          Message
        </label>
        {selected && (
          <p
            className="mb-1 flex items-center gap-2 text-xs text-stone-600 dark:text-stone-400"
            data-testid="chat-scope"
          >
            <span className="min-w-0 flex-1 truncate">
              About the selected <code>&lt;{selected.tag}&gt;</code> ({selected.src.replace(/:\d+$/, "")})
            </span>
            {onClearSelected && (
              <button type="button" className="underline" onClick={onClearSelected}>
                Clear
              </button>
            )}
          </p>
        )}
        <div className="flex items-end gap-2">
          <textarea
            id="chat-input"
            rows={2}
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            onKeyDown={onKey}
            maxLength={10000}
            placeholder={
              busy
                ? "Kiln is working… you can type the next message"
                : awaitingPlan && planFirst
                  ? "Say what to change in the plan, or approve it above"
                  : "Describe the app, or a change to it"
            }
            className="min-h-[2.75rem] flex-1 resize-none rounded-md border border-stone-300 bg-white px-3 py-2 text-sm focus:border-orange-500 focus:outline-none dark:border-stone-700 dark:bg-stone-950"
          />
          {busy ? (
            // One place for Stop, which does not move while the run's card grows.
            <Button
              variant="secondary"
              className="h-11"
              onClick={() => void stop()}
              disabled={stopping}
              aria-label="Stop the generation"
            >
              {stopping ? "Stopping…" : "Stop"}
            </Button>
          ) : (
            <Button type="submit" disabled={!draft.trim()} className="h-11">
              Send
            </Button>
          )}
        </div>
        <div className="mt-1 flex flex-wrap items-center justify-between gap-2 text-xs text-stone-500">
          <label
            className="flex items-center gap-1.5"
            title="Kiln shows the plan (tables, fields, pages) and waits for your approval before writing any code."
          >
            <input
              type="checkbox"
              checked={planFirst}
              onChange={(e) => togglePlanFirst(e.target.checked)}
              className="size-4 accent-orange-600"
            />
            Plan first
          </label>
          <span>Enter sends, Shift+Enter adds a line.</span>
        </div>
      </form>
    </div>
  );
}
