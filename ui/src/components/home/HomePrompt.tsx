import { useState, type FormEvent, type KeyboardEvent } from "react";
import { useNavigate } from "react-router";
import { api } from "../../lib/api";
import { Button } from "../Button";
import { ErrorNote } from "../Field";

/**
 * Starting points Kiln builds well without a model (the offline planner's own test descriptions:
 * data apps and a content site), so a first try works on a fresh install.
 */
export const SUGGESTIONS = [
  "A todo list with due dates",
  "A recipe book",
  "An expense tracker with categories",
  "A small CRM: companies, contacts that belong to companies, and deals with an amount and a stage",
  "A landing page for my bakery 'Crumb & Co' in Leeds, open 8-4, call 0113 496 0000",
];

/**
 * The home page's one box: a description creates the project (the plan names it) and opens its
 * workspace with the generation already running.
 */
export function HomePrompt() {
  const navigate = useNavigate();
  const [description, setDescription] = useState("");
  const [planFirst, setPlanFirst] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const start = async (e?: FormEvent) => {
    e?.preventDefault();
    const text = description.trim();
    if (!text || busy) return;
    setBusy(true);
    setError(null);
    try {
      const { project } = await api.startProject(text, planFirst);
      navigate(`/p/${encodeURIComponent(project.id)}`);
    } catch (err) {
      setError((err as Error).message);
      setBusy(false);
    }
  };
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) void start(e as unknown as FormEvent);
  };

  return (
    <form
      onSubmit={start}
      aria-label="Start a project"
      className="space-y-3 rounded-2xl border border-stone-200 bg-white p-5 shadow-sm dark:border-stone-800 dark:bg-stone-900"
    >
      <label htmlFor="home-prompt" className="block text-2xl font-semibold tracking-tight">
        What do you want to build?
      </label>
      <textarea
        id="home-prompt"
        value={description}
        onChange={(e) => setDescription(e.target.value)}
        onKeyDown={onKeyDown}
        maxLength={10_000}
        rows={3}
        placeholder="Describe the app: what it keeps, who uses it, what each page does…"
        className="w-full resize-y rounded-lg border border-stone-300 bg-white px-3 py-2 text-sm focus:border-orange-500 focus:outline-none dark:border-stone-700 dark:bg-stone-950"
      />
      <div className="flex flex-wrap items-center justify-between gap-3">
        <label className="flex items-center gap-2 text-sm text-stone-600 dark:text-stone-300">
          <input type="checkbox" checked={planFirst} onChange={(e) => setPlanFirst(e.target.checked)} />
          Plan first
          <span className="text-xs text-stone-400">(see the plan before anything is built)</span>
        </label>
        <Button type="submit" disabled={!description.trim()} aria-busy={busy} className="h-10 px-5">
          {busy ? "Starting…" : "Build it"}
        </Button>
      </div>
      <ErrorNote message={error} />
      <div>
        <p className="mb-1.5 text-xs text-stone-500">Or start from one of these (they work without a model):</p>
        <ul className="flex flex-wrap gap-2" aria-label="Suggestions">
          {SUGGESTIONS.map((s) => (
            <li key={s}>
              <button
                type="button"
                onClick={() => setDescription(s)}
                title={s}
                className="max-w-72 truncate rounded-full border border-stone-300 px-3 py-1 text-xs text-stone-700 hover:border-orange-500 hover:text-orange-700 dark:border-stone-700 dark:text-stone-300 dark:hover:text-orange-400"
              >
                {s}
              </button>
            </li>
          ))}
        </ul>
      </div>
    </form>
  );
}
