// Type-checking in its own isolate, through the Worker Loader. The checker (TypeScript's compiler
// and src/builder/typecheck-worker.ts, bundled by cli/vendor.mjs) and the .d.ts files it reads are
// source text to the platform: they are never evaluated here, so TypeScript's parse time and
// memory stay out of the platform isolate. The loader keeps the checker warm between builds
// (same id, same code), and the checker keeps what makes a re-check fast and fits its isolate's
// 128 MB (parsed lib files of one part, the app's parsed files, incremental state; no programs).
import vendored from "../../dist/vendor/typecheck.js";
import checkerSource from "../../dist/vendor/typecheck-worker.txt";
import typesText from "../../dist/vendor/typecheck-types.txt";
import { COMPATIBILITY_DATE } from "../compatibility";
import type { InspectResult, SourceAt } from "./jsx-inspect";
import type { BuildError } from "./types";

export const TYPECHECK_WORKER_ID = `kiln-typecheck:${vendored.hash}`;

/** The project files TypeScript needs: sources, declaration files and tsconfigs. */
function checkable(files: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [p, text] of Object.entries(files)) {
    if (/\.(ts|tsx|mts|cts)$/.test(p) || /(^|\/)tsconfig(\.[\w-]+)?\.json$/.test(p)) out[p] = text;
  }
  return out;
}

function checker(loader: WorkerLoader) {
  return loader.get(TYPECHECK_WORKER_ID, () => ({
    compatibilityDate: COMPATIBILITY_DATE,
    mainModule: "typecheck.js",
    modules: {
      "typecheck.js": { js: checkerSource },
      "kiln-types.txt": { text: typesText },
    },
    globalOutbound: null, // the checker needs no network, and gets none
  }));
}

/**
 * One JSX element found by its source tag, with where its text and className literals are
 * (jsx-inspect.ts). TypeScript's parser runs in the checker's isolate, never in the platform's.
 */
export async function inspectJsx(
  loader: WorkerLoader,
  files: Record<string, string>,
  at: SourceAt,
  callers: SourceAt[] = [],
): Promise<InspectResult> {
  const res = await checker(loader)
    .getEntrypoint()
    .fetch("http://typecheck/", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ inspect: { files, at, callers } }),
    });
  const body = (await res.json()) as InspectResult & { error?: string };
  if (!res.ok || body.error) throw new Error(`the JSX inspector failed: ${body.error ?? res.status}`);
  return body;
}

/** How long a check waits for another app's check to end before it gives up (said as a warning). */
const BUSY_WAIT_MS = 45_000;
const BUSY_RETRY_MS = 100;

/** `key` (e.g. the project id) lets the checker re-check only what an edit can affect. */
export async function typecheck(
  loader: WorkerLoader,
  files: Record<string, string>,
  key = "",
): Promise<{ diagnostics: BuildError[]; timings: Record<string, number>; ran?: [number, number] }> {
  // The reasons below end up after "TypeScript could not check this build: " (builder/index.ts).
  const body = JSON.stringify({ files: checkable(files), key });
  const asked = Date.now();
  let waits = 0;
  for (;;) {
    const sent = Date.now();
    let res: Response;
    try {
      res = await checker(loader)
        .getEntrypoint()
        .fetch("http://typecheck/", { method: "POST", headers: { "content-type": "application/json" }, body });
    } catch (err) {
      // On Cloudflare, most often its 128 MB memory limit: the isolate is killed mid-check.
      throw new Error(`the type-checker's isolate stopped (${(err as Error).message})`);
    }
    const text = await res.text();
    let answer: {
      diagnostics?: BuildError[];
      timings?: Record<string, number>;
      ran?: [number, number];
      busy?: boolean;
      error?: string;
    } = {};
    try {
      answer = JSON.parse(text);
    } catch {
      // not JSON: the runtime's own error page
    }
    if (res.status === 503 && answer.busy) {
      // Another app's check holds the checker (one at a time: see typecheck-worker.ts).
      if (Date.now() - asked > BUSY_WAIT_MS)
        throw new Error(`the type-checker was busy with other checks for ${BUSY_WAIT_MS / 1000} s`);
      waits++;
      await new Promise((resolve) => setTimeout(resolve, BUSY_RETRY_MS));
      continue;
    }
    if (!res.ok || !answer.diagnostics) {
      const why = (answer.error ?? text).split("\n")[0]!.slice(0, 300) || "no answer";
      throw new Error(`the type-checker failed (${res.status}: ${why})`);
    }
    // Time spent waiting for other checks shows among the build's timings.
    const timings = { ...answer.timings, ...(waits ? { waitedForChecker: sent - asked } : {}) };
    return { diagnostics: answer.diagnostics, timings, ran: answer.ran };
  }
}
