import { Component, type ErrorInfo, type ReactNode } from "react";

declare global {
  interface Window {
    /** Only in Kiln's preview: the channel to the workspace. Absent in production. */
    __kiln?: { send(type: string, payload: unknown): void };
  }
}

/**
 * Catches errors thrown while rendering, so a bug shows a message instead of a white page. In
 * Kiln's preview it also tells the workspace what failed and in which component, so it can show
 * the file and line; in production there is no one to tell, and it stays quiet.
 */
export class ErrorBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: unknown) {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  componentDidCatch(error: unknown, info: ErrorInfo) {
    const err = error instanceof Error ? error : new Error(String(error));
    window.__kiln?.send("error", {
      kind: "render",
      message: err.message || String(error),
      stack: err.stack ?? null,
      componentStack: info.componentStack ?? null,
      where: null,
    });
  }

  render() {
    if (!this.state.error) return this.props.children;
    return (
      <main role="alert" className="mx-auto mt-24 max-w-md px-6 text-center">
        <h1 className="text-xl font-semibold">Something went wrong</h1>
        <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
          This page ran into a problem and could not be shown. Try again in a moment.
        </p>
        <button
          type="button"
          onClick={() => location.reload()}
          className="mt-6 rounded-md border border-zinc-300 px-4 py-2 text-sm font-medium hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-900"
        >
          Reload the page
        </button>
      </main>
    );
  }
}
