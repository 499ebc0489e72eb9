import { Suspense, lazy, useCallback, useEffect, useMemo, useState, type KeyboardEvent } from "react";
import { Link, useParams } from "react-router";
import { ErrorNote } from "../components/Field";
import { ChatPanel } from "../components/workspace/ChatPanel";
import { OfflineBanner } from "../components/workspace/OfflineBanner";
import { PreviewPanel } from "../components/workspace/PreviewPanel";
import { PreviewProblem } from "../components/workspace/PreviewProblem";
import { ElementEditor } from "../components/workspace/ElementEditor";
import type { SelectedElement } from "../lib/visual-edit";
import { SettingsPanel } from "../components/workspace/SettingsPanel";
import { useGeneration } from "../components/workspace/useGeneration";
import { WorkspaceActionsContext } from "../components/workspace/workspace-actions";
import { api, type BuildError, type Project, type Version } from "../lib/api";
import { repairMessageFor, usePreviewHealth } from "../lib/preview-health";
import type { RunState } from "../lib/run";

// The code editor (CodeMirror and its languages) and the diff viewer load the first time their tab opens.
const CodePanel = lazy(() => import("../components/workspace/CodePanel").then((m) => ({ default: m.CodePanel })));
const VersionsPanel = lazy(() =>
  import("../components/workspace/VersionsPanel").then((m) => ({ default: m.VersionsPanel })),
);
const loadingPanel = (
  <p className="p-3 text-xs text-stone-500" role="status">
    Loading…
  </p>
);

const noProblems: BuildError[] = [];

/** Arrow keys move between tabs (and select them), as in the WAI-ARIA tabs pattern. */
function onTabKeys(e: KeyboardEvent<HTMLDivElement>) {
  if (e.key !== "ArrowRight" && e.key !== "ArrowLeft" && e.key !== "Home" && e.key !== "End") return;
  const tabs = [...e.currentTarget.querySelectorAll<HTMLButtonElement>('[role="tab"]')];
  const at = tabs.indexOf(document.activeElement as HTMLButtonElement);
  const next =
    e.key === "Home"
      ? 0
      : e.key === "End"
        ? tabs.length - 1
        : (at + (e.key === "ArrowRight" ? 1 : -1) + tabs.length) % tabs.length;
  e.preventDefault();
  tabs[next]?.focus();
  tabs[next]?.click();
}

type Tab = "chat" | "preview" | "versions" | "code" | "settings";
const rightTabs: { id: Exclude<Tab, "chat">; label: string }[] = [
  { id: "preview", label: "Preview" },
  { id: "versions", label: "Versions" },
  { id: "code", label: "Code" },
  { id: "settings", label: "Settings" },
];

/** A project's workspace: chat on the left; preview, versions, code and settings on the right (tabs on a phone). */
export function Workspace() {
  const { projectId = "" } = useParams();
  const [project, setProject] = useState<Project | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [previewUrl, setPreviewUrl] = useState<string | null>(null);
  const [liveUrl, setLiveUrl] = useState<string | null>(null);
  const [tab, setTab] = useState<Tab>("chat");
  const [offline, setOffline] = useState(false);
  const [versionsKey, setVersionsKey] = useState(0);
  const [showing, setShowing] = useState<Version | null>(null);
  const [selected, setSelected] = useState<SelectedElement | null>(null);

  const loadProject = useCallback(() => {
    api.getProject(projectId).then(setProject, (err: Error) => setError(err.message));
  }, [projectId]);
  const loadAi = useCallback(() => {
    api.aiSettings().then(
      (a) => setOffline(a.effective === "offline"),
      () => setOffline(false),
    );
  }, []);

  useEffect(() => {
    loadProject();
    loadAi();
    api.preview(projectId).then(
      (p) => {
        setPreviewUrl(p.preview?.previewUrl ?? null);
        setLiveUrl(p.livePreviewUrl);
      },
      () => undefined,
    );
  }, [projectId, loadProject, loadAi]);

  useEffect(() => {
    if (project) document.title = `${project.name} · Kiln`;
    return () => {
      document.title = "Kiln";
    };
  }, [project]);

  const onFinished = useCallback(
    (run: RunState) => {
      if (run.done?.previewUrl) {
        setShowing(null);
        setPreviewUrl(run.done.previewUrl);
      }
      setVersionsKey((k) => k + 1);
      loadProject();
    },
    [loadProject],
  );
  const chat = useGeneration(projectId, onFinished);
  const runProblems = useMemo(() => chat.latestRun?.error?.diagnostics ?? noProblems, [chat.latestRun?.error]);
  // What the preview's page did (rendered or failed), and where the code view opens for it.
  // (A report changes no files: the versions list reads the render results whenever it opens.)
  const preview = usePreviewHealth(projectId, { onRepairStarted: chat.attach });
  const [reveal, setReveal] = useState<{ file: string; line: number; column: number } | null>(null);
  const newVersion = useCallback(
    (url: string | null) => {
      setShowing(null);
      setPreviewUrl(url);
      setVersionsKey((k) => k + 1);
      loadProject();
    },
    [loadProject],
  );
  const actions = useMemo(() => ({ projectId, onNewVersion: newVersion }), [projectId, newVersion]);
  // A project started from a description is named by its plan, which may move its slug (and so its
  // preview host): show the new name as the plan arrives, and follow the preview host.
  const planned = chat.latestRun?.plan;
  useEffect(() => {
    if (planned) loadProject();
  }, [planned, loadProject]);
  const slug = project?.slug;
  useEffect(() => {
    if (!slug) return;
    api.preview(projectId).then(
      (p) => setLiveUrl(p.livePreviewUrl),
      () => undefined,
    );
  }, [projectId, slug]);

  if (error) {
    return (
      <div className="mx-auto max-w-xl space-y-4 p-8">
        <ErrorNote message={error} />
        <Link to="/" className="text-sm text-orange-700 underline dark:text-orange-400">
          Back to your projects
        </Link>
      </div>
    );
  }

  const right: Exclude<Tab, "chat"> = tab === "chat" ? "preview" : tab;
  const tabButton = (id: Tab, label: string) => (
    <button
      key={id}
      type="button"
      role="tab"
      aria-selected={tab === id}
      tabIndex={tab === id ? 0 : -1}
      onClick={() => setTab(id)}
      className={`shrink-0 rounded-md px-3 py-1.5 text-sm ${tab === id ? "bg-white font-medium shadow-sm dark:bg-stone-800" : "text-stone-500 hover:text-stone-900 dark:hover:text-white"}`}
    >
      {label}
    </button>
  );

  return (
    <div className="flex h-[calc(100dvh-3.5rem-1px)] min-h-0 flex-col">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1 border-b border-stone-200 px-3 py-2 dark:border-stone-800">
        <Link to="/" className="rounded text-sm text-stone-500 hover:text-stone-900 dark:hover:text-white">
          ← Projects
        </Link>
        <h1 className="min-w-0 truncate font-semibold" data-testid="workspace-title">
          {project?.name ?? "Loading…"}
        </h1>
        {project && (
          <span
            className="rounded-full bg-stone-100 px-2 py-0.5 text-xs text-stone-600 dark:bg-stone-800 dark:text-stone-300"
            data-testid="project-status"
          >
            {project.status}
          </span>
        )}
        {project?.deployedUrl && (
          <a
            href={project.deployedUrl}
            target="_blank"
            rel="noreferrer"
            className="hidden truncate font-mono text-xs text-orange-700 underline sm:inline dark:text-orange-400"
          >
            {project.deployedUrl}
          </a>
        )}
      </div>
      {offline && <OfflineBanner onOpenSettings={() => setTab("settings")} />}

      {/* Phone: one tab bar for everything. Laptop: chat is always shown; the tabs switch the right side. */}
      <div
        className="flex gap-1 overflow-x-auto border-b border-stone-200 bg-stone-100 p-1 md:hidden dark:border-stone-800 dark:bg-stone-900"
        role="tablist"
        aria-label="Workspace"
        onKeyDown={onTabKeys}
      >
        {tabButton("chat", "Chat")}
        {rightTabs.map((t) => tabButton(t.id, t.label))}
      </div>

      <div className="flex min-h-0 flex-1">
        <section
          id="panel-chat"
          aria-label="Chat"
          className={`${tab === "chat" ? "flex" : "hidden"} min-h-0 w-full flex-col border-stone-200 md:flex md:w-[26rem] md:shrink-0 md:border-r lg:w-[30rem] dark:border-stone-800`}
        >
          <WorkspaceActionsContext.Provider value={actions}>
            <ChatPanel chat={chat} selected={selected} onClearSelected={() => setSelected(null)} />
          </WorkspaceActionsContext.Provider>
        </section>
        <section
          id="panel-right"
          aria-label="Workspace panels"
          className={`${tab === "chat" ? "hidden" : "flex"} min-h-0 min-w-0 flex-1 flex-col md:flex`}
        >
          <div
            className="hidden gap-1 border-b border-stone-200 bg-stone-100 p-1 md:flex dark:border-stone-800 dark:bg-stone-900"
            role="tablist"
            aria-label="Workspace"
            onKeyDown={onTabKeys}
          >
            {rightTabs.map((t) => (
              <button
                key={t.id}
                type="button"
                role="tab"
                aria-selected={right === t.id}
                tabIndex={right === t.id ? 0 : -1}
                onClick={() => setTab(t.id)}
                className={`rounded-md px-3 py-1.5 text-sm ${right === t.id ? "bg-white font-medium shadow-sm dark:bg-stone-800" : "text-stone-500 hover:text-stone-900 dark:hover:text-white"}`}
              >
                {t.label}
              </button>
            ))}
          </div>
          <div className="relative min-h-0 flex-1">
            <div className={right === "preview" ? "absolute inset-0" : "hidden"} role="tabpanel" aria-label="Preview">
              <PreviewPanel
                url={showing?.previewUrl ?? previewUrl}
                liveUrl={showing?.previewUrl ?? liveUrl}
                building={chat.busy}
                onPageMessage={preview.onMessage}
                overlay={
                  <PreviewProblem
                    projectId={projectId}
                    health={preview.health}
                    offline={offline}
                    showing={showing}
                    onShow={setShowing}
                    onRestored={newVersion}
                    onDismiss={preview.dismiss}
                    onTryFix={(problem) => {
                      if (!offline) return chat.send(repairMessageFor(problem));
                      if (problem.file && !problem.file.startsWith("assets/")) {
                        setReveal({ file: problem.file, line: problem.line ?? 1, column: problem.column ?? 1 });
                      }
                      setTab("code");
                    }}
                  />
                }
                onSelect={setSelected}
                selectedSrc={selected?.src ?? null}
                aside={
                  selected && (
                    <ElementEditor
                      projectId={projectId}
                      element={selected}
                      refreshKey={versionsKey}
                      onClose={() => setSelected(null)}
                      onApplied={newVersion}
                      onOpenCode={(file, line, column) => {
                        setReveal({ file, line, column });
                        setTab("code");
                      }}
                    />
                  )
                }
              />
            </div>
            {right !== "preview" && (
              <div
                className="absolute inset-0"
                role="tabpanel"
                aria-label={rightTabs.find((t) => t.id === right)!.label}
              >
                {right === "versions" && (
                  <Suspense fallback={loadingPanel}>
                    <VersionsPanel
                      projectId={projectId}
                      slug={project?.slug ?? "app"}
                      refreshKey={versionsKey}
                      onRestored={newVersion}
                      onPublished={loadProject}
                    />
                  </Suspense>
                )}
                {right === "code" && (
                  <Suspense fallback={loadingPanel}>
                    <CodePanel
                      projectId={projectId}
                      refreshKey={versionsKey}
                      onBuilt={newVersion}
                      runProblems={runProblems}
                      reveal={reveal}
                    />
                  </Suspense>
                )}
                {right === "settings" && project && (
                  <SettingsPanel
                    project={project}
                    onAiChanged={loadAi}
                    onDomainsChanged={loadProject}
                    livePreviewUrl={liveUrl}
                    onPreviewRotated={(p) => {
                      setLiveUrl(p.livePreviewUrl);
                      setPreviewUrl(p.preview?.previewUrl ?? null);
                      setVersionsKey((k) => k + 1);
                    }}
                  />
                )}
              </div>
            )}
          </div>
        </section>
      </div>
    </div>
  );
}
