import { Link, NavLink, Outlet } from "react-router";
import { useAuth } from "../lib/auth";
import { cn } from "../lib/utils";
import { Button } from "./ui/button";

/** Links in the top bar. Add an entry here when you add a page. Paths are relative to the app. */
const navItems = [{ to: "/", label: "Home" }];

/** The frame around every page: top navigation, then the page itself. */
export function Layout() {
  const { user, logout } = useAuth();

  return (
    <div className="min-h-screen">
      <header className="border-b border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
        <nav aria-label="Main" className="mx-auto flex h-14 max-w-5xl items-center gap-6 px-4">
          <Link to="/" className="font-semibold tracking-tight focus-visible:outline-2 focus-visible:outline-offset-2">
            Kiln App
          </Link>
          {user && (
            <ul className="flex items-center gap-1">
              {navItems.map((item) => (
                <li key={item.to}>
                  <NavLink
                    to={item.to}
                    end={item.to === "/"}
                    className={({ isActive }) =>
                      cn(
                        "rounded-md px-3 py-2 text-sm font-medium focus-visible:outline-2 focus-visible:outline-offset-2",
                        isActive ? "bg-zinc-100 text-zinc-900 dark:bg-zinc-800 dark:text-zinc-100" : "text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100",
                      )
                    }
                  >
                    {item.label}
                  </NavLink>
                </li>
              ))}
            </ul>
          )}
          <div className="ml-auto flex items-center gap-3">
            {user ? (
              <>
                <span className="hidden text-sm text-zinc-500 sm:inline dark:text-zinc-400">{user.email}</span>
                <Button variant="secondary" size="sm" onClick={logout}>
                  Sign out
                </Button>
              </>
            ) : (
              <>
                <NavLink to="/login" className="text-sm font-medium hover:underline">
                  Sign in
                </NavLink>
                <NavLink to="/register" className="text-sm font-medium hover:underline">
                  Create account
                </NavLink>
              </>
            )}
          </div>
        </nav>
      </header>
      <main className="mx-auto max-w-5xl px-4 py-8">
        <Outlet />
      </main>
    </div>
  );
}
