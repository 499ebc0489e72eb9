import { useState } from "react";

/** Without a model, say what still works and where to connect one. */
export function OfflineBanner({ onOpenSettings }: { onOpenSettings: () => void }) {
  const [hidden, setHidden] = useState(() => sessionStorage.getItem("kiln.offline-banner") === "hidden");
  if (hidden) return null;
  return (
    <div
      className="flex items-start gap-2 border-b border-sky-200 bg-sky-50 px-3 py-2 text-xs text-sky-900 dark:border-sky-900 dark:bg-sky-950 dark:text-sky-100"
      role="note"
      data-testid="offline-banner"
    >
      <p className="flex-1">
        <strong>No AI model connected.</strong> Kiln still works offline for: new data apps and content sites (landing
        pages, portfolios, link pages, menus) from a description, adding, removing and renaming fields and tables, a
        site's words, the title and the colour. Timers, calculators, games and quizzes need a model. For anything else,{" "}
        <button type="button" className="font-medium underline underline-offset-2" onClick={onOpenSettings}>
          connect a model in Settings
        </button>
        .
      </p>
      <button
        type="button"
        className="rounded px-1 text-sky-700 hover:text-sky-950 dark:text-sky-300 dark:hover:text-white"
        aria-label="Hide this notice"
        onClick={() => {
          sessionStorage.setItem("kiln.offline-banner", "hidden");
          setHidden(true);
        }}
      >
        ✕
      </button>
    </div>
  );
}
