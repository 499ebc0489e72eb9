import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { api, ApiError, getToken, setToken, UNAUTHORIZED_EVENT } from "./api";

export interface User {
  id: string;
  email: string;
  created_at: string;
}

interface AuthResponse {
  token: string;
  user: User;
}

interface AuthContextValue {
  /** The signed-in user, or null. */
  user: User | null;
  /** "loading" while a saved token is being checked at start-up. */
  status: "loading" | "signed-in" | "signed-out";
  login(email: string, password: string): Promise<void>;
  register(email: string, password: string): Promise<void>;
  logout(): void;
}

const AuthContext = createContext<AuthContextValue | null>(null);

/** Keeps the session: the token lives in localStorage, the user is re-read from /api/auth/me. */
export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null>(null);
  const [status, setStatus] = useState<AuthContextValue["status"]>(() => (getToken() ? "loading" : "signed-out"));

  const logout = useCallback(() => {
    setToken(null);
    setUser(null);
    setStatus("signed-out");
  }, []);

  // At start-up, check a saved token. The answer is dropped if the effect was cleaned up
  // meanwhile (React's StrictMode runs effects twice in development) or the token changed.
  useEffect(() => {
    const token = getToken();
    if (!token) return;
    const controller = new AbortController();
    api
      .get<User>("api/auth/me", controller.signal)
      .then((me) => {
        if (controller.signal.aborted || getToken() !== token) return;
        setUser(me);
        setStatus("signed-in");
      })
      .catch((err: unknown) => {
        if (controller.signal.aborted || getToken() !== token) return;
        // Only a rejected token signs out; a network hiccup keeps the token for next time.
        if (err instanceof ApiError && err.status === 401) setToken(null);
        setStatus("signed-out");
      });
    return () => controller.abort();
  }, []);

  // Any API call answered 401 (expired token) signs out.
  useEffect(() => {
    window.addEventListener(UNAUTHORIZED_EVENT, logout);
    return () => window.removeEventListener(UNAUTHORIZED_EVENT, logout);
  }, [logout]);

  const signIn = useCallback(async (path: string, email: string, password: string) => {
    const { token, user } = await api.post<AuthResponse>(path, { email, password });
    setToken(token);
    setUser(user);
    setStatus("signed-in");
  }, []);

  const value = useMemo<AuthContextValue>(
    () => ({
      user,
      status,
      login: (email, password) => signIn("api/auth/login", email, password),
      register: (email, password) => signIn("api/auth/register", email, password),
      logout,
    }),
    [user, status, signIn, logout],
  );

  return <AuthContext value={value}>{children}</AuthContext>;
}

export function useAuth(): AuthContextValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error("useAuth() must be used inside <AuthProvider>.");
  return value;
}
