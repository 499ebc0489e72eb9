import { useEffect, useState } from "react";
import { api, type SessionInfo } from "../../lib/api";
import { useAction } from "../../lib/use-action";
import { Button } from "../Button";
import { ErrorNote } from "../Field";

/** Where this account is signed in, ending one of those sessions, or all of them. */
export function SessionSettings({ className }: { className: string }) {
  const [sessions, setSessions] = useState<SessionInfo[] | null>(null);
  const { busy, error, setError, run } = useAction();

  useEffect(() => {
    api.sessions().then(setSessions, (err: Error) => setError(err.message));
  }, [setError]);

  const end = (s: SessionInfo) =>
    run(async () => {
      await api.endSession(s.id);
      setSessions((list) => list?.filter((x) => x.id !== s.id) ?? null);
    });

  const endAll = () => {
    if (
      !confirm(
        "Sign out everywhere? Every browser and API client using a session of this account, this one included, is signed out at once.",
      )
    )
      return;
    void run(async () => {
      await api.logoutAll();
      // This browser's session is gone too: start over at the sign-in page.
      location.assign("/");
    });
  };

  return (
    <section className={className} aria-labelledby="sessions-title">
      <h2 id="sessions-title" className="font-medium">
        Signed-in sessions
      </h2>
      <p className="text-xs text-stone-500">
        Browsers and API clients signed in to your account. API tokens are separate (below).
      </p>
      <ul className="divide-y divide-stone-200 text-sm dark:divide-stone-800" data-testid="session-list">
        {sessions?.map((s) => (
          <li key={s.id} className="flex items-center gap-2 py-1.5" data-testid="session">
            <span className="min-w-0 flex-1 truncate" title={s.userAgent ?? undefined}>
              {describeAgent(s.userAgent)}
              {s.current && (
                <span className="ml-2 rounded bg-emerald-100 px-1.5 py-0.5 text-xs text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300">
                  this browser
                </span>
              )}
            </span>
            <span className="text-xs text-stone-500">used {new Date(s.lastUsedAt).toLocaleString()}</span>
            {!s.current && (
              <Button
                variant="ghost"
                className="h-8 text-xs text-red-700 dark:text-red-400"
                disabled={busy}
                onClick={() => void end(s)}
                aria-label={`End the session of ${describeAgent(s.userAgent)}`}
              >
                End
              </Button>
            )}
          </li>
        ))}
      </ul>
      <ErrorNote message={error} />
      <Button variant="secondary" disabled={busy} onClick={endAll}>
        Sign out everywhere
      </Button>
    </section>
  );
}

/** "Chrome on Linux" from a user agent, or the agent itself when it is not a browser's. */
function describeAgent(agent: string | null): string {
  if (!agent) return "Unknown client";
  const browser = /Edg\//.test(agent)
    ? "Edge"
    : /Firefox\//.test(agent)
      ? "Firefox"
      : /Chrom(e|ium)\//.test(agent)
        ? "Chrome"
        : /Safari\//.test(agent)
          ? "Safari"
          : null;
  const system = /Windows/.test(agent)
    ? "Windows"
    : /Android/.test(agent)
      ? "Android"
      : /iPhone|iPad/.test(agent)
        ? "iOS"
        : /Mac OS X/.test(agent)
          ? "macOS"
          : /Linux/.test(agent)
            ? "Linux"
            : null;
  if (!browser) return agent.slice(0, 60);
  return system ? `${browser} on ${system}` : browser;
}
