import { useState, type FormEvent } from "react";
import { Button } from "../components/Button";
import { ErrorNote, Field } from "../components/Field";
import { api, type User } from "../lib/api";

export function AuthPage({ onSignedIn }: { onSignedIn: (user: User) => void }) {
  const [mode, setMode] = useState<"signup" | "login">("signup");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onSignedIn(mode === "signup" ? await api.register(email, password) : await api.login(email, password));
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  const signup = mode === "signup";
  return (
    <div className="mx-auto grid max-w-4xl items-center gap-10 py-6 md:grid-cols-2">
      <section>
        <h1 className="text-3xl font-semibold tracking-tight sm:text-4xl">Describe an app. Get it live.</h1>
        <p className="mt-4 text-stone-600 dark:text-stone-300">
          Kiln plans, writes, builds and deploys full-stack apps — React and Tailwind on the front, a Worker with its
          own database behind — and keeps every version so nothing is ever lost.
        </p>
        <ul className="mt-6 space-y-2 text-sm text-stone-600 dark:text-stone-300">
          <li>• Runs on your laptop, offline, with no account anywhere else</li>
          <li>• Deploys the same way to your Cloudflare account</li>
        </ul>
      </section>
      <form
        onSubmit={submit}
        className="rounded-xl border border-stone-200 bg-white p-6 shadow-sm dark:border-stone-800 dark:bg-stone-900"
        aria-labelledby="auth-title"
      >
        <div className="mb-5 flex rounded-md bg-stone-100 p-1 text-sm dark:bg-stone-800" role="tablist">
          {(["signup", "login"] as const).map((m) => (
            <button
              key={m}
              type="button"
              role="tab"
              aria-selected={mode === m}
              onClick={() => {
                setMode(m);
                setError(null);
              }}
              className={`flex-1 rounded px-3 py-1.5 font-medium ${mode === m ? "bg-white shadow-sm dark:bg-stone-950" : "text-stone-500"}`}
            >
              {m === "signup" ? "Sign up" : "Log in"}
            </button>
          ))}
        </div>
        <h2 id="auth-title" className="sr-only">
          {signup ? "Create your account" : "Log in to Kiln"}
        </h2>
        <div className="space-y-4">
          <Field
            id="email"
            label="Email"
            type="email"
            autoComplete="email"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            placeholder="you@example.com"
          />
          <Field
            id="password"
            label="Password"
            type="password"
            autoComplete={signup ? "new-password" : "current-password"}
            required
            minLength={signup ? 8 : undefined}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            hint={signup ? "At least 8 characters." : undefined}
          />
          <ErrorNote message={error} />
          <Button type="submit" disabled={busy} className="w-full">
            {busy ? "Working…" : signup ? "Create account" : "Log in"}
          </Button>
        </div>
      </form>
    </div>
  );
}
