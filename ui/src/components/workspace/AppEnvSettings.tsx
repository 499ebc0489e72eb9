import { useEffect, useState, type FormEvent } from "react";
import { api, type AppEnvEntry } from "../../lib/api";
import { useAction } from "../../lib/use-action";
import { Button } from "../Button";
import { ErrorNote } from "../Field";

const input = "h-9 rounded-md border border-stone-300 bg-white px-3 text-sm dark:border-stone-700 dark:bg-stone-950";

/** The app's variables (shown) and secrets (write-only), as its Worker sees them in `env`. */
export function AppEnvSettings({ projectId, className }: { projectId: string; className: string }) {
  const [entries, setEntries] = useState<AppEnvEntry[] | null>(null);
  const [name, setName] = useState("");
  const [value, setValue] = useState("");
  const [secret, setSecret] = useState(true);
  const { busy, error, status, setError, run } = useAction();

  useEffect(() => {
    api.appEnv(projectId).then(setEntries, (err: Error) => setError(err.message));
  }, [projectId]);

  const save = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const entry = await api.setAppEnv(projectId, name.trim(), value, secret);
      setEntries((list) =>
        [...(list ?? []).filter((x) => x.name !== entry.name), entry].sort((a, b) => a.name.localeCompare(b.name)),
      );
      setName("");
      setValue("");
      return `${entry.name} is set; the app sees it from its next request.`;
    });
  };

  const remove = async (entry: AppEnvEntry) => {
    if (!confirm(`Remove ${entry.name}? The app stops seeing it from its next request.`)) return;
    setError(null);
    try {
      await api.deleteAppEnv(projectId, entry.name);
      setEntries((list) => list?.filter((x) => x.name !== entry.name) ?? null);
    } catch (err) {
      setError((err as Error).message);
    }
  };

  return (
    <section className={className} aria-labelledby="env-title" data-testid="app-env">
      <h2 id="env-title" className="font-medium">
        Variables and secrets
      </h2>
      <p className="text-xs text-stone-500">
        The app's Worker reads these as <code>env.NAME</code>, in the preview and in production. Changes apply from the
        next request, without a rebuild. Secrets are stored write-only: nobody can read them back here.
      </p>
      {entries === null && !error && (
        <p className="text-xs text-stone-500" role="status">
          Loading…
        </p>
      )}
      {entries && (
        <ul className="divide-y divide-stone-200 text-sm dark:divide-stone-800">
          {entries.map((e) => (
            <li key={e.name} className="flex items-center gap-2 py-1.5" data-testid="env-entry">
              <span className="font-mono">{e.name}</span>
              <span className="min-w-0 flex-1 truncate font-mono text-xs text-stone-500">
                {e.secret ? "••••••••" : e.value}
              </span>
              <span className="rounded-full bg-stone-100 px-2 py-0.5 text-xs text-stone-600 dark:bg-stone-800 dark:text-stone-300">
                {e.managed ? "managed by Kiln" : e.secret ? "secret" : "variable"}
              </span>
              {!e.managed && (
                <Button
                  variant="ghost"
                  className="h-8 text-xs text-red-700 dark:text-red-400"
                  onClick={() => void remove(e)}
                  aria-label={`Remove ${e.name}`}
                >
                  Remove
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={save} className="flex flex-wrap items-end gap-2">
        <div className="flex flex-col gap-1">
          <label htmlFor="env-name" className="text-xs font-medium">
            Name
          </label>
          <input
            id="env-name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            maxLength={64}
            placeholder="STRIPE_KEY"
            autoComplete="off"
            spellCheck={false}
            className={`${input} w-40 font-mono`}
          />
        </div>
        <div className="flex min-w-40 flex-1 flex-col gap-1">
          <label htmlFor="env-value" className="text-xs font-medium">
            Value
          </label>
          <input
            id="env-value"
            type={secret ? "password" : "text"}
            value={value}
            onChange={(e) => setValue(e.target.value)}
            autoComplete="off"
            className={input}
          />
        </div>
        <label className="flex h-9 items-center gap-1.5 text-sm">
          <input
            type="checkbox"
            checked={secret}
            onChange={(e) => setSecret(e.target.checked)}
            className="size-4 accent-orange-600"
          />{" "}
          Secret
        </label>
        <Button type="submit" disabled={!name.trim() || busy}>
          {busy ? "Saving…" : "Set"}
        </Button>
      </form>
      <ErrorNote message={error} />
      {status && (
        <p className="text-xs text-emerald-700 dark:text-emerald-300" role="status">
          {status}
        </p>
      )}
    </section>
  );
}
