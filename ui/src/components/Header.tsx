import { useState } from "react";
import { Link, useLocation } from "react-router";
import type { User } from "../lib/api";
import { Button } from "./Button";

export function Header({ user, onSignOut }: { user: User | null; onSignOut: () => void }) {
  const wide = useLocation().pathname.startsWith("/p/");
  const [dark, setDark] = useState(() => document.documentElement.classList.contains("dark"));
  const toggleTheme = () => {
    const next = !dark;
    document.documentElement.classList.toggle("dark", next);
    localStorage.setItem("kiln.theme", next ? "dark" : "light");
    setDark(next);
  };
  return (
    <header className="border-b border-stone-200 bg-white/80 backdrop-blur dark:border-stone-800 dark:bg-stone-900/80">
      <div className={`mx-auto flex h-14 items-center gap-3 px-4 sm:px-6 ${wide ? "" : "max-w-5xl"}`}>
        <Link to="/" className="flex items-center gap-2 rounded font-semibold tracking-tight">
          <span aria-hidden className="grid size-7 place-items-center rounded-lg bg-orange-600 text-sm text-white">
            K
          </span>
          Kiln
        </Link>
        <span className="hidden text-sm text-stone-500 sm:inline">describe an app, get it live</span>
        <div className="ml-auto flex items-center gap-2">
          <Button
            variant="ghost"
            onClick={toggleTheme}
            aria-label={dark ? "Switch to light theme" : "Switch to dark theme"}
          >
            {dark ? "☀" : "☾"}
          </Button>
          {user && (
            <>
              <span className="hidden text-sm text-stone-600 sm:inline dark:text-stone-300" data-testid="user-email">
                {user.email}
              </span>
              <Button variant="secondary" onClick={onSignOut}>
                Log out
              </Button>
            </>
          )}
        </div>
      </div>
    </header>
  );
}
