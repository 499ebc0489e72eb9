import { useEffect, useState } from "react";
import { BrowserRouter, Route, Routes } from "react-router";
import { Header } from "./components/Header";
import { ApiError, api, session, type User } from "./lib/api";
import { AuthPage } from "./pages/AuthPage";
import { ProjectsPage } from "./pages/ProjectsPage";
import { Workspace } from "./pages/Workspace";

type State = { kind: "loading" } | { kind: "signed-out" } | { kind: "signed-in"; user: User };

export function App() {
  const [state, setState] = useState<State>(session.token ? { kind: "loading" } : { kind: "signed-out" });

  useEffect(() => {
    if (state.kind !== "loading") return;
    api
      .me()
      .then((user) => setState({ kind: "signed-in", user }))
      .catch((err) => {
        // Only a rejected session logs the user out; a network blip keeps the token for a retry.
        if (err instanceof ApiError && err.status === 401) session.clear();
        setState({ kind: "signed-out" });
      });
  }, [state.kind]);

  const signIn = (token: string, user: User) => {
    session.save(token);
    setState({ kind: "signed-in", user });
  };
  const signOut = () => {
    session.clear();
    setState({ kind: "signed-out" });
  };

  const page = (children: React.ReactNode) => <main className="mx-auto w-full max-w-5xl flex-1 px-4 py-8 sm:px-6">{children}</main>;

  return (
    <BrowserRouter>
      <div className="flex min-h-screen flex-col">
        <Header user={state.kind === "signed-in" ? state.user : null} onSignOut={signOut} />
        {state.kind === "loading" && page(<p className="text-stone-500" role="status">Loading…</p>)}
        {state.kind === "signed-out" && page(<AuthPage onSignedIn={signIn} />)}
        {state.kind === "signed-in" && (
          <Routes>
            <Route path="/p/:projectId" element={<main className="flex min-h-0 flex-1 flex-col"><Workspace /></main>} />
            <Route path="*" element={page(<ProjectsPage user={state.user} />)} />
          </Routes>
        )}
      </div>
    </BrowserRouter>
  );
}
