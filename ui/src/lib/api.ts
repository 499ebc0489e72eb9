/** A typed client for the builder API. Errors arrive as `{error: {code, message}}` and are thrown as ApiError. */

export interface User {
  id: string;
  email: string;
}

export interface Project {
  id: string;
  name: string;
  slug: string;
  status: "draft" | "building" | "deployed" | "error";
  deployedUrl: string | null;
  createdAt: string;
  updatedAt: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const TOKEN_KEY = "kiln.token";

export const session = {
  get token() {
    return localStorage.getItem(TOKEN_KEY);
  },
  save(token: string) {
    localStorage.setItem(TOKEN_KEY, token);
  },
  clear() {
    localStorage.removeItem(TOKEN_KEY);
  },
};

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers["content-type"] = "application/json";
  if (session.token) headers.authorization = `Bearer ${session.token}`;
  let res: Response;
  try {
    res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, "network", "Kiln cannot be reached. Is it still running?");
  }
  if (res.status === 204) return undefined as T;
  const data = await res.json().catch(() => null);
  if (!res.ok) {
    const err = (data as { error?: { code?: string; message?: string } } | null)?.error;
    throw new ApiError(res.status, err?.code ?? "http_error", err?.message ?? `The request failed (${res.status}).`);
  }
  return data as T;
}

export const api = {
  register: (email: string, password: string) => request<{ token: string; user: User }>("POST", "/api/auth/register", { email, password }),
  login: (email: string, password: string) => request<{ token: string; user: User }>("POST", "/api/auth/login", { email, password }),
  me: () => request<User>("GET", "/api/me"),
  listProjects: () => request<{ projects: Project[] }>("GET", "/api/projects").then((r) => r.projects),
  createProject: (name: string) => request<{ project: Project }>("POST", "/api/projects", { name }).then((r) => r.project),
  renameProject: (id: string, name: string) => request<{ project: Project }>("PATCH", `/api/projects/${id}`, { name }).then((r) => r.project),
  deleteProject: (id: string) => request<void>("DELETE", `/api/projects/${id}`),
};
