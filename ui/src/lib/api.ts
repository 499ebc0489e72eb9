/** A typed client for the builder API. Errors arrive as `{error: {code, message, details?}}` and are thrown as ApiError. */

// The answers' shapes are the API's own: inferred from the zod schemas that document it (a
// type-only import, so the UI bundles none of it).
import type * as Api from "../../../src/api/schemas";
export type {
  User,
  Project,
  ChatMessage,
  PreviewInfo,
  RollbackResult,
  PublishResult,
  SourceFile,
  AiSettings,
  AiSettingsAnswer,
  ProviderForm,
  SessionInfo,
  ApiToken,
  AppEnvEntry,
  BuildResult,
  UsageSettings,
  RenderResult,
  RenderError,
} from "../../../src/api/schemas";
import type {
  AppEnvEntry,
  ApiToken,
  AiSettings,
  AiSettingsAnswer,
  BuildResult,
  ChatMessage,
  PreviewInfo,
  Project,
  PublishResult,
  RenderResult,
  RollbackResult,
  SessionInfo,
  SourceFile,
  UsageSettings,
  User,
} from "../../../src/api/schemas";

/** A custom domain of a project (see the Domain schema in /api/openapi.json). */
export interface Domain {
  hostname: string;
  status: "pending" | "active" | "failed";
  ssl: { status: "pending" | "active" | "failed" | "none" };
  records: { type: "CNAME" | "TXT"; name: string; value: string; purpose: "routing" | "ownership" | "certificate" }[];
  errors: string[];
  provider: "local" | "cloudflare";
  apex: boolean;
  createdAt: string;
  activatedAt: string | null;
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
export async function rawRequest(
  method: string,
  path: string,
  init: { body?: BodyInit; headers?: Record<string, string>; signal?: AbortSignal } = {},
): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers: init.headers,
      body: init.body,
      signal: init.signal,
      credentials: "same-origin",
    });
  } catch (err) {
    if ((err as Error).name === "AbortError") throw err;
    throw new ApiError(0, "network", "Kiln cannot be reached. Is it still running?");
  }
  if (!res.ok) {
    const data = await res.json().catch(() => null);
    const err = (data as { error?: { code?: string; message?: string; details?: unknown } } | null)?.error;
    throw new ApiError(
      res.status,
      err?.code ?? "http_error",
      err?.message ?? `The request failed (${res.status}).`,
      err?.details,
    );
  }
  return res;
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await rawRequest(
    method,
    path,
    body === undefined ? {} : { body: JSON.stringify(body), headers: { "content-type": "application/json" } },
  );
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

// ─── Shapes of the workspace API ─────────────────────────────────────────────────────────────

// The generation's events, the plan and build errors are the platform's own types (type-only
// files with no runtime imports), so the UI and the Worker cannot drift apart.
import type { GenerationEvent, PhaseName, RunMetrics } from "../../../src/agent/events";
import type { BuildError } from "../../../src/builder/build-error";
import type { Plan } from "../../../src/agent/plan/types";
export type { GenerationEvent, PhaseName, RunMetrics, BuildError, Plan };
export type { ColumnKind, PlanColumn, PlanSite, PlanTable } from "../../../src/agent/plan/types";
export { SITE_KIND_LABELS } from "../../../src/agent/plan/types";

import type { ElementInfo, ElementRef, VisualEdit, VisualEditResult } from "./visual-edit";

export const PHASES: PhaseName[] = ["plan", "scaffold", "write", "check", "repair", "deploy"];

/** A run as history lists it; with `history(…, true)` its events, to redraw it as it happened. */
export type RunSummary = Omit<Api.RunSummary, "events"> & {
  events?: (GenerationEvent & { seq: number; at: number })[];
};

/** A version; its metrics are the generation's (see src/agent/events.ts). */
export type Version = Omit<Api.Version, "metrics"> & { metrics: RunMetrics | null };

/** What the preview's reporter saw of a page, as the render route takes it. */
export type RenderReport = Api.RenderReport;

/** What a chat message asks for besides the words. */
export interface ChatOptions {
  planFirst?: boolean;
  approve?: { plan?: Plan };
  /** The element picked in the preview that the message is about. */
  element?: ElementRef;
}

export interface RollbackChoices {
  migrationsSince: string[];
  choices: { keep: { ok: boolean; problems: string[] }; restore: { snapshotId: string; takenAt: string } | null };
}

const enc = encodeURIComponent;
const filePath = (path: string) => path.split("/").map(enc).join("/");

export const api = {
  // The answers also carry a token for API clients; the builder ignores it and uses the cookie.
  register: (email: string, password: string) =>
    request<{ user: User }>("POST", "/api/auth/register", { email, password }).then((r) => r.user),
  login: (email: string, password: string) =>
    request<{ user: User }>("POST", "/api/auth/login", { email, password }).then((r) => r.user),
  logout: () => request<void>("POST", "/api/auth/logout"),
  logoutAll: () => request<{ ended: number }>("POST", "/api/auth/logout-all"),
  sessions: () => request<{ sessions: SessionInfo[] }>("GET", "/api/auth/sessions").then((r) => r.sessions),
  endSession: (id: string) => request<void>("DELETE", `/api/auth/sessions/${enc(id)}`),
  /** The signed-in user, or null (no error) when this browser has no live session. */
  currentUser: () => request<{ user: User | null }>("GET", "/api/auth/session").then((r) => r.user),
  me: () => request<User>("GET", "/api/me"),
  listProjects: () => request<{ projects: Project[] }>("GET", "/api/projects").then((r) => r.projects),
  getProject: (id: string) => request<{ project: Project }>("GET", `/api/projects/${enc(id)}`).then((r) => r.project),
  createProject: (name: string) =>
    request<{ project: Project }>("POST", "/api/projects", { name }).then((r) => r.project),
  /** A project from a description: its generation is already running (`runId`), and its plan names it. */
  startProject: (description: string, planFirst: boolean) =>
    request<{ project: Project; runId: string }>("POST", "/api/projects", {
      description,
      ...(planFirst ? { planFirst } : {}),
    }),
  renameProject: (id: string, name: string) =>
    request<{ project: Project }>("PATCH", `/api/projects/${enc(id)}`, { name }).then((r) => r.project),
  deleteProject: (id: string) => request<void>("DELETE", `/api/projects/${enc(id)}`),

  history: (projectId: string, events = false) =>
    request<{ messages: ChatMessage[]; runs: RunSummary[] }>(
      "GET",
      `/api/chat/${enc(projectId)}/history${events ? "?events=1" : ""}`,
    ),
  cancelRun: (projectId: string, runId: string) =>
    request<{ cancelled: boolean }>("POST", `/api/chat/${enc(projectId)}/runs/${enc(runId)}/cancel`, {}),

  preview: (id: string) => request<PreviewInfo>("GET", `/api/projects/${enc(id)}/preview`),
  /** A new preview key: every preview link handed out so far stops working. */
  rotatePreview: (id: string) => request<PreviewInfo>("POST", `/api/projects/${enc(id)}/preview/rotate`, {}),
  versions: (id: string) =>
    request<{ versions: Version[]; nextCursor: string | null }>("GET", `/api/projects/${enc(id)}/versions?limit=50`),
  diff: async (id: string, a: string, b: string) =>
    (await rawRequest("GET", `/api/projects/${enc(id)}/versions/${enc(a)}/diff/${enc(b)}`)).text(),
  publish: (id: string, versionId: string) =>
    request<PublishResult>("POST", `/api/projects/${enc(id)}/publish`, { versionId }),
  rollback: (id: string, versionId: string, data?: "keep" | "restore") =>
    request<RollbackResult>("POST", `/api/projects/${enc(id)}/rollback/${enc(versionId)}`, data ? { data } : {}),
  /** Back to the version before the change that made `versionId` (a new version, as a restore). */
  undo: (id: string, versionId: string, data?: "keep" | "restore") =>
    request<RollbackResult & { undone: string; message: string }>(
      "POST",
      `/api/projects/${enc(id)}/versions/${enc(versionId)}/undo`,
      data ? { data } : {},
    ),
  pin: (id: string, versionId: string, pinned: boolean) =>
    request<{ pinned: boolean }>("POST", `/api/projects/${enc(id)}/versions/${enc(versionId)}/pin`, { pinned }),
  /** Records what a version's page did in the preview (the preview's reporter told the workspace). */
  reportRender: (id: string, versionId: string, report: RenderReport) =>
    request<{ versionId: string; render: RenderResult; repair: { runId: string; message: string } | null }>(
      "POST",
      `/api/projects/${enc(id)}/versions/${enc(versionId)}/render`,
      report,
    ),
  download: async (path: string) => (await rawRequest("GET", path)).blob(),

  files: (id: string) => request<{ files: SourceFile[] }>("GET", `/api/projects/${enc(id)}/files`).then((r) => r.files),
  readFile: (id: string, path: string) =>
    request<SourceFile & { content: string }>("GET", `/api/projects/${enc(id)}/files/${filePath(path)}`),
  writeFile: (id: string, path: string, content: string) =>
    request<SourceFile>("PUT", `/api/projects/${enc(id)}/files/${filePath(path)}`, { content }),
  build: (id: string) => request<BuildResult>("POST", `/api/projects/${enc(id)}/build`, {}),
  inspectElement: (id: string, element: ElementRef) =>
    request<{ element: ElementInfo }>("POST", `/api/projects/${enc(id)}/visual-edits/inspect`, { element }).then(
      (r) => r.element,
    ),
  visualEdit: (id: string, edit: VisualEdit) =>
    request<VisualEditResult>("POST", `/api/projects/${enc(id)}/visual-edits`, edit),

  appEnv: (id: string) => request<{ env: AppEnvEntry[] }>("GET", `/api/projects/${enc(id)}/env`).then((r) => r.env),
  setAppEnv: (id: string, name: string, value: string, secret: boolean) =>
    request<{ entry: AppEnvEntry }>("PUT", `/api/projects/${enc(id)}/env/${enc(name)}`, { value, secret }).then(
      (r) => r.entry,
    ),
  deleteAppEnv: (id: string, name: string) => request<void>("DELETE", `/api/projects/${enc(id)}/env/${enc(name)}`),

  domains: (id: string) =>
    request<{ domains: Domain[] }>("GET", `/api/projects/${enc(id)}/domains`).then((r) => r.domains),
  /** One domain, its status asked afresh of the provider. */
  domain: (id: string, hostname: string) =>
    request<{ domain: Domain }>("GET", `/api/projects/${enc(id)}/domains/${enc(hostname)}`).then((r) => r.domain),
  addDomain: (id: string, hostname: string) =>
    request<{ domain: Domain }>("POST", `/api/projects/${enc(id)}/domains`, { hostname }).then((r) => r.domain),
  removeDomain: (id: string, hostname: string) =>
    request<void>("DELETE", `/api/projects/${enc(id)}/domains/${enc(hostname)}`),

  aiSettings: () => request<AiSettingsAnswer>("GET", "/api/settings/ai"),
  saveAiSettings: (body: {
    provider: AiSettings["provider"];
    model?: string | null;
    baseURL?: string | null;
    accountId?: string | null;
    apiKey?: string;
  }) => request<{ settings: AiSettings }>("PUT", "/api/settings/ai", body),

  usage: () => request<UsageSettings>("GET", "/api/settings/usage"),
  saveUsage: (body: { monthlyBudgetUsd: number | null; prices?: { input: number; output: number } | null }) =>
    request<UsageSettings>("PUT", "/api/settings/usage", body),

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
