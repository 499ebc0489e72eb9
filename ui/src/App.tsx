import { useEffect, useState } from "react";
import { BrowserRouter, Route, Routes } from "react-router";
import { Header } from "./components/Header";
import { api, type User } from "./lib/api";
import { AuthPage } from "./pages/AuthPage";
import { ProjectsPage } from "./pages/ProjectsPage";
import { Workspace } from "./pages/Workspace";

type State = { kind: "loading" } | { kind: "signed-out" } | { kind: "signed-in"; user: User };

export function App() {
  // The session is an HttpOnly cookie this code cannot see: ask the server who we are.
  const [state, setState] = useState<State>({ kind: "loading" });

  useEffect(() => {
    if (state.kind !== "loading") return;
    api
      .currentUser()
      .then((user) => setState(user ? { kind: "signed-in", user } : { kind: "signed-out" }))
      .catch(() => setState({ kind: "signed-out" }));
  }, [state.kind]);

  const signIn = (user: User) => setState({ kind: "signed-in", user });
  const signOut = async () => {
    // Ends the session on the server and clears the cookie; an already-ended session is just as signed out.
    await api.logout().catch(() => undefined);
    setState({ kind: "signed-out" });
  };

  const page = (children: React.ReactNode) => (
    <main className="mx-auto w-full max-w-5xl flex-1 px-4 py-8 sm:px-6">{children}</main>
  );

  return (
    <BrowserRouter>
      <div className="flex min-h-screen flex-col">
        <Header user={state.kind === "signed-in" ? state.user : null} onSignOut={signOut} />
        {state.kind === "loading" &&
          page(
            <p className="text-stone-500" role="status">
              Loading…
            </p>,
          )}
        {state.kind === "signed-out" && page(<AuthPage onSignedIn={signIn} />)}
        {state.kind === "signed-in" && (
          <Routes>
            <Route
              path="/p/:projectId"
              element={
                <main className="flex min-h-0 flex-1 flex-col">
                  <Workspace />
                </main>
              }
            />
            <Route path="*" element={page(<ProjectsPage user={state.user} />)} />
          </Routes>
        )}
      </div>
    </BrowserRouter>
  );
}
