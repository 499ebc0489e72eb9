/** A typed client for the builder API. Errors arrive as `{error: {code, message, details?}}` and are thrown as ApiError. */

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
  /** Where production is (or will be, once published) served; null when this Kiln has no apps domain. */
  productionUrl: string | null;
  createdAt: string;
  updatedAt: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

// Sessions used to be kept in localStorage, where any script on the page could read them. The
// session now lives in an HttpOnly cookie the browser sends by itself; forget any old token.
try {
  localStorage.removeItem("kiln.token");
} catch {
  /* storage may be unavailable; there is then nothing to forget */
}

/**
 * fetch with the session cookie (HttpOnly: this code never sees it; the browser sends it to Kiln's
 * own origin); network failures become ApiError(0), non-2xx answers ApiError(status).
 */
export async function rawRequest(method: string, path: string, init: { body?: BodyInit; headers?: Record<string, string>; signal?: AbortSignal } = {}): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(path, { method, headers: init.headers, body: init.body, signal: init.signal, credentials: "same-origin" });
  } catch (err) {
    if ((err as Error).name === "AbortError") throw err;
    throw new ApiError(0, "network", "Kiln cannot be reached. Is it still running?");
  }
  if (!res.ok) {
    const data = await res.json().catch(() => null);
    const err = (data as { error?: { code?: string; message?: string; details?: unknown } } | null)?.error;
    throw new ApiError(res.status, err?.code ?? "http_error", err?.message ?? `The request failed (${res.status}).`, err?.details);
  }
  return res;
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await rawRequest(method, path, body === undefined ? {} : { body: JSON.stringify(body), headers: { "content-type": "application/json" } });
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

// ─── Shapes of the workspace API ─────────────────────────────────────────────────────────────

// The generation's events, the plan and build errors are the platform's own types (type-only
// files with no runtime imports), so the UI and the Worker cannot drift apart.
import type { GenerationEvent, PhaseName, RunMetrics } from "../../../src/agent/events";
import type { BuildError } from "../../../src/build/build-error";
import type { ProviderForm } from "../../../src/ai/provider-form";
import type { Plan } from "../../../src/agent/plan/types";
export type { GenerationEvent, PhaseName, RunMetrics, BuildError, Plan };
export type { ColumnKind, PlanColumn, PlanSite, PlanTable } from "../../../src/agent/plan/types";
export { SITE_KIND_LABELS } from "../../../src/agent/plan/types";

export const PHASES: PhaseName[] = ["plan", "scaffold", "write", "check", "repair", "deploy"];

export interface ChatMessage {
  id: string;
  role: "user" | "assistant";
  content: string;
  createdAt: string;
}

export interface RunSummary {
  runId: string;
  status: "queued" | "running" | "done" | "failed" | "cancelled";
  message: string;
  createdAt: string;
  endedAt: string | null;
  versionId: string | null;
  previewUrl: string | null;
  error: string | null;
  /** With `history(…, true)`: the run's events, to redraw it as it happened. */
  events?: (GenerationEvent & { seq: number; at: number })[];
}

/** What a chat message asks for besides the words. */
export interface ChatOptions {
  planFirst?: boolean;
  approve?: { plan?: Plan };
}

export interface Version {
  versionId: string;
  projectId: string;
  status: "building" | "deployed" | "failed" | string;
  source: string;
  prompt: string | null;
  parentVersionId: string | null;
  previewUrl: string | null;
  buildDurationMs: number | null;
  outputSizeBytes: number | null;
  metrics: RunMetrics | null;
  error: string | null;
  pinned: boolean;
  isProduction: boolean;
  publishedAt: string | null;
  createdAt: string;
}

export interface PreviewInfo {
  preview: { latestVersionId: string; previewUrl: string | null; timestamp: number } | null;
  /** `<slug>--p<key>`: always the newest version, at one origin; secret, like every preview link (null where apps have no host of their own). */
  livePreviewUrl: string | null;
  productionVersionId: string | null;
  url: string | null;
}

export interface RollbackChoices {
  migrationsSince: string[];
  choices: { keep: { ok: boolean; problems: string[] }; restore: { snapshotId: string; takenAt: string } | null };
}

export interface RollbackResult {
  versionId: string;
  url: string | null;
  rolledBackTo: string;
  data: "keep" | "restore" | "unchanged";
  export: { name: string; url: string; bytes: number } | null;
  previewUrl: string | null;
}

export interface SourceFile {
  path: string;
  hash: string;
  size: number;
}

export interface AiSettings {
  /** "offline", "replay" (tests) or a provider's id from the answer's `providers`. */
  provider: string;
  model: string | null;
  baseURL: string | null;
  accountId: string | null;
  hasKey: boolean;
}

export interface AiSettingsAnswer {
  settings: AiSettings | null;
  platform: { provider: string; model?: string | null };
  effective: "offline" | "yours" | "platform";
  /** The providers the settings form offers (src/ai/providers.ts), in order. */
  providers: ProviderForm[];
}

export type { AppEnvEntry } from "../../../src/store/app-env-entry";
import type { AppEnvEntry } from "../../../src/store/app-env-entry";

export interface SessionInfo {
  id: string;
  /** The session this browser is using. */
  current: boolean;
  createdAt: string;
  lastUsedAt: string;
  expiresAt: string;
  userAgent: string | null;
}

export interface ApiToken {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
}

const enc = encodeURIComponent;
const filePath = (path: string) => path.split("/").map(enc).join("/");

export const api = {
  // The answers also carry a token for API clients; the builder ignores it and uses the cookie.
  register: (email: string, password: string) => request<{ user: User }>("POST", "/api/auth/register", { email, password }).then((r) => r.user),
  login: (email: string, password: string) => request<{ user: User }>("POST", "/api/auth/login", { email, password }).then((r) => r.user),
  logout: () => request<void>("POST", "/api/auth/logout"),
  logoutAll: () => request<{ ended: number }>("POST", "/api/auth/logout-all"),
  sessions: () => request<{ sessions: SessionInfo[] }>("GET", "/api/auth/sessions").then((r) => r.sessions),
  endSession: (id: string) => request<void>("DELETE", `/api/auth/sessions/${enc(id)}`),
  /** The signed-in user, or null (no error) when this browser has no live session. */
  currentUser: () => request<{ user: User | null }>("GET", "/api/auth/session").then((r) => r.user),
  me: () => request<User>("GET", "/api/me"),
  listProjects: () => request<{ projects: Project[] }>("GET", "/api/projects").then((r) => r.projects),
  getProject: (id: string) => request<{ project: Project }>("GET", `/api/projects/${enc(id)}`).then((r) => r.project),
  createProject: (name: string) => request<{ project: Project }>("POST", "/api/projects", { name }).then((r) => r.project),
  renameProject: (id: string, name: string) => request<{ project: Project }>("PATCH", `/api/projects/${enc(id)}`, { name }).then((r) => r.project),
  deleteProject: (id: string) => request<void>("DELETE", `/api/projects/${enc(id)}`),

  history: (projectId: string, events = false) => request<{ messages: ChatMessage[]; runs: RunSummary[] }>("GET", `/api/chat/${enc(projectId)}/history${events ? "?events=1" : ""}`),
  cancelRun: (projectId: string, runId: string) => request<{ cancelled: boolean }>("POST", `/api/chat/${enc(projectId)}/runs/${enc(runId)}/cancel`, {}),

  preview: (id: string) => request<PreviewInfo>("GET", `/api/projects/${enc(id)}/preview`),
  /** A new preview key: every preview link handed out so far stops working. */
  rotatePreview: (id: string) => request<PreviewInfo>("POST", `/api/projects/${enc(id)}/preview/rotate`, {}),
  versions: (id: string) => request<{ versions: Version[]; nextCursor: string | null }>("GET", `/api/projects/${enc(id)}/versions?limit=50`),
  diff: async (id: string, a: string, b: string) => (await rawRequest("GET", `/api/projects/${enc(id)}/versions/${enc(a)}/diff/${enc(b)}`)).text(),
  publish: (id: string, versionId: string) => request<{ versionId: string; url: string | null }>("POST", `/api/projects/${enc(id)}/publish`, { versionId }),
  rollback: (id: string, versionId: string, data?: "keep" | "restore") => request<RollbackResult>("POST", `/api/projects/${enc(id)}/rollback/${enc(versionId)}`, data ? { data } : {}),
  pin: (id: string, versionId: string, pinned: boolean) => request<{ pinned: boolean }>("POST", `/api/projects/${enc(id)}/versions/${enc(versionId)}/pin`, { pinned }),
  download: async (path: string) => (await rawRequest("GET", path)).blob(),

  files: (id: string) => request<{ files: SourceFile[] }>("GET", `/api/projects/${enc(id)}/files`).then((r) => r.files),
  readFile: (id: string, path: string) => request<SourceFile & { content: string }>("GET", `/api/projects/${enc(id)}/files/${filePath(path)}`),
  writeFile: (id: string, path: string, content: string) => request<SourceFile>("PUT", `/api/projects/${enc(id)}/files/${filePath(path)}`, { content }),
  build: (id: string) => request<{ versionId: string; previewUrl: string | null; buildTime: number; diagnostics: BuildError[] }>("POST", `/api/projects/${enc(id)}/build`, {}),

  appEnv: (id: string) => request<{ env: AppEnvEntry[] }>("GET", `/api/projects/${enc(id)}/env`).then((r) => r.env),
  setAppEnv: (id: string, name: string, value: string, secret: boolean) => request<{ entry: AppEnvEntry }>("PUT", `/api/projects/${enc(id)}/env/${enc(name)}`, { value, secret }).then((r) => r.entry),
  deleteAppEnv: (id: string, name: string) => request<void>("DELETE", `/api/projects/${enc(id)}/env/${enc(name)}`),

  aiSettings: () => request<AiSettingsAnswer>("GET", "/api/settings/ai"),
  saveAiSettings: (body: { provider: AiSettings["provider"]; model?: string | null; baseURL?: string | null; accountId?: string | null; apiKey?: string }) =>
    request<{ settings: AiSettings }>("PUT", "/api/settings/ai", body),

  tokens: () => request<{ tokens: ApiToken[] }>("GET", "/api/tokens").then((r) => r.tokens),
  createToken: (name: string) => request<ApiToken & { token: string }>("POST", "/api/tokens", { name }),
  revokeToken: (id: string) => request<void>("DELETE", `/api/tokens/${enc(id)}`),
};

/** Saves a blob as a file download. */
export function saveBlob(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
