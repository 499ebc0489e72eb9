import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { Markdown } from "../../lib/markdown";
import type { RunState } from "../../lib/run";
import { Button } from "../Button";
import { ErrorNote } from "../Field";
import { RunCard } from "./RunCard";
import type { useGeneration } from "./useGeneration";

const examples = ["a todo app with due dates", "a CRM with companies and contacts", "a recipe book with ingredients and tags"];

function Bubble({ role, children }: { role: "user" | "assistant"; children: React.ReactNode }) {
  return role === "user" ? (
    <div className="ml-8 self-end rounded-xl rounded-br-sm bg-orange-600 px-3 py-2 text-sm whitespace-pre-wrap text-white" data-testid="user-message">{children}</div>
  ) : (
    <div className="mr-8 rounded-xl rounded-bl-sm bg-stone-100 px-3 py-2 text-sm dark:bg-stone-800" data-testid="assistant-message">{children}</div>
  );
}

/** The chat: history, live generations and the message box. */
export function ChatPanel({ chat }: { chat: ReturnType<typeof useGeneration> }) {
  const { messages, runs, busy, send, stop, stopping, error } = chat;
  const [draft, setDraft] = useState("");
  const scroller = useRef<HTMLDivElement>(null);

  // Keep the newest content in view while a run streams.
  const lastRun: RunState | undefined = runs.at(-1);
  useEffect(() => {
    const el = scroller.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [messages?.length, runs.length, lastRun?.lastSeq]);

  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    const message = draft.trim();
    if (!message || busy) return;
    setDraft("");
    send(message);
  };
  const onKey = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      submit();
    }
  };

  const empty = messages !== null && messages.length === 0 && runs.length === 0;
  return (
    <div className="flex h-full min-h-0 flex-col">
      <div ref={scroller} className="flex min-h-0 flex-1 flex-col gap-3 overflow-y-auto p-3" aria-live="polite" data-testid="chat-log">
        {messages === null && !error && <p className="text-sm text-stone-500" role="status">Loading the conversation…</p>}
        {empty && (
          <div className="m-auto max-w-sm space-y-3 text-center text-sm text-stone-500">
            <p className="text-base font-medium text-stone-700 dark:text-stone-200">What should this app do?</p>
            <p>Describe it in a sentence; Kiln plans it, writes it, builds it and shows it on the right.</p>
            <div className="flex flex-wrap justify-center gap-2">
              {examples.map((ex) => (
                <button key={ex} type="button" onClick={() => { setDraft(ex); document.getElementById("chat-input")?.focus(); }} className="rounded-full border border-stone-300 px-3 py-1 text-xs hover:bg-stone-100 dark:border-stone-700 dark:hover:bg-stone-800">
                  {ex}
                </button>
              ))}
            </div>
          </div>
        )}
        {messages?.map((m) => (
          <Bubble key={m.id} role={m.role}>{m.role === "assistant" ? <Markdown text={m.content} /> : m.content}</Bubble>
        ))}
        {runs.map((run, i) => (
          <div key={run.startedAt} className="flex flex-col gap-3">
            {run.message && <Bubble role="user">{run.message}</Bubble>}
            <RunCard run={run} onStop={() => void stop()} onSend={(m) => !busy && send(m)} stopping={stopping} latest={i === runs.length - 1} />
          </div>
        ))}
      </div>
      <ErrorNote message={error} />
      <form onSubmit={submit} className="border-t border-stone-200 p-3 dark:border-stone-800">
        <label htmlFor="chat-input" className="sr-only">Message</label>
        <div className="flex items-end gap-2">
          <textarea
            id="chat-input"
            rows={2}
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            onKeyDown={onKey}
            maxLength={10000}
            placeholder={busy ? "Kiln is working… you can type the next message" : "Describe the app, or a change to it"}
            className="min-h-[2.75rem] flex-1 resize-none rounded-md border border-stone-300 bg-white px-3 py-2 text-sm focus:border-orange-500 focus:outline-none dark:border-stone-700 dark:bg-stone-950"
          />
          <Button type="submit" disabled={!draft.trim() || busy} className="h-11">Send</Button>
        </div>
        <p className="mt-1 text-xs text-stone-500">Enter sends, Shift+Enter adds a line.</p>
      </form>
    </div>
  );
}
