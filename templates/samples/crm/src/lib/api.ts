/**
 * Talking to the app's own API (worker/index.ts).
 *
 * URLs are resolved against the document's base, never against "/", so the app works both on its
 * own host (https://todo.example.com/) and under a path prefix (http://localhost:8787/apps/<id>/):
 *
 *   const { todos } = await api.get<{ todos: Todo[] }>("api/todos");
 *   await api.post("api/todos", { title: "Buy milk" });
 */

/** An error answer from the API: `{ error: { code, message } }`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** "api/todos" → absolute URL under the document base. A leading "/" is ignored. */
export function apiUrl(path: string): string {
  return new URL(path.replace(/^\/+/, ""), document.baseURI).toString();
}

// The login token. Keyed by the base path: apps under different prefixes on one host
// (localhost:8787/apps/a/ and /apps/b/) share localStorage but must not share sessions.
const TOKEN_KEY = `auth-token:${new URL(document.baseURI).pathname}`;

// Where storage is refused (an app shown in another site's iframe, with third-party storage
// blocked, or a private window) the session lives in memory instead: the app still works, and
// only a reload signs the user out.
let memoryToken: string | null = null;

export function getToken(): string | null {
  try {
    return localStorage.getItem(TOKEN_KEY);
  } catch {
    return memoryToken;
  }
}

export function setToken(token: string | null): void {
  memoryToken = token;
  try {
    if (token) localStorage.setItem(TOKEN_KEY, token);
    else localStorage.removeItem(TOKEN_KEY);
  } catch {
    /* storage refused: the in-memory token above is the session */
  }
}

/** Fired when the API answers 401 to a signed-in request; the AuthProvider then signs out. */
export const UNAUTHORIZED_EVENT = "app:unauthorized";

async function request<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json" };
  const token = getToken();
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";

  let res: Response;
  try {
    res = await fetch(apiUrl(path), { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal });
  } catch (err) {
    if (signal?.aborted) throw err;
    throw new ApiError(0, "network_error", "Could not reach the server. Check your connection and try again.");
  }

  if (res.status === 204) return undefined as T;
  const data: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const error = (data as { error?: { code?: string; message?: string; fields?: Record<string, string> } } | null)?.error;
    if (res.status === 401 && token) window.dispatchEvent(new Event(UNAUTHORIZED_EVENT));
    throw new ApiError(res.status, error?.code ?? "http_error", error?.message ?? `Request failed (${res.status}).`, error?.fields);
  }
  return data as T;
}

export const api = {
  get: <T>(path: string, signal?: AbortSignal) => request<T>("GET", path, undefined, signal),
  post: <T>(path: string, body?: unknown) => request<T>("POST", path, body ?? {}),
  put: <T>(path: string, body: unknown) => request<T>("PUT", path, body),
  patch: <T>(path: string, body: unknown) => request<T>("PATCH", path, body),
  delete: <T = void>(path: string) => request<T>("DELETE", path),
};

/** A message fit to show the user, whatever was thrown. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError || err instanceof Error) return err.message;
  return "Something went wrong.";
}
