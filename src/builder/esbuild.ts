// esbuild-wasm inside workerd. The same esbuild-wasm @cloudflare/worker-bundler depends on (0.28.1,
// hoisted), used directly rather than through the bundler's createWorker/createApp: those resolve
// bare imports by looking for node_modules in the input (and silently mark anything else external),
// read only the first output file, and offer no hook for the import map, CSS or structured errors.
import * as esbuild from "esbuild-wasm/lib/browser.js";
import esbuildWasm from "esbuild-wasm/esbuild.wasm";
import type { BuildError } from "./types";

let ready: Promise<void> | null = null;
/** esbuild's WebAssembly memory: its Go heap, which grows to the largest build and never shrinks. */
let wasmMemory: WebAssembly.Memory | undefined;

/** Initialises esbuild once per isolate (≈ 50 ms); later calls return at once. */
export function initEsbuild(): Promise<void> {
  ready ??= withFastTimers(() => withMemorySeen(() => esbuild.initialize({ wasmModule: esbuildWasm, worker: false })))
    .then(() => undefined)
    .catch((err: Error) => {
      if (String(err?.message).includes("more than once")) return;
      ready = null;
      throw err;
    });
  return ready;
}

/**
 * What esbuild holds of its isolate's memory beyond JavaScript's heap, in bytes (0 before its
 * first start). On Cloudflare an isolate has 128 MB for both, and this part only grows.
 */
export function esbuildMemoryBytes(): number {
  return wasmMemory?.buffer.byteLength ?? 0;
}

/** esbuild does not expose its instance: its memory is picked up as WebAssembly instantiates it. */
async function withMemorySeen<T>(fn: () => Promise<T>): Promise<T> {
  const instantiate = WebAssembly.instantiate;
  WebAssembly.instantiate = (async (...args: Parameters<typeof instantiate>) => {
    const made = (await (instantiate as (...a: unknown[]) => Promise<unknown>)(...args)) as
      WebAssembly.Instance | { instance: WebAssembly.Instance };
    const instance = "instance" in made ? made.instance : made;
    const mem = Object.values(instance.exports).find((e) => e instanceof WebAssembly.Memory);
    if (mem) wasmMemory = mem as WebAssembly.Memory;
    return made;
  }) as typeof instantiate;
  try {
    return await fn();
  } finally {
    WebAssembly.instantiate = instantiate;
  }
}

/**
 * esbuild-wasm without a Web Worker passes every message between JS and its Go runtime through
 * `setTimeout(…, 0)` (each plugin callback costs two), and a zero-delay timer takes ≈ 1.1 ms in
 * workerd: a 45-file app spent most of its build time waiting on timers. While a build runs,
 * zero-delay timers become microtasks; timers with a real delay are untouched. The swap is
 * global to the isolate, so other code running meanwhile sees it too (its zero-delay timers fire
 * sooner, which setTimeout allows); it is undone as soon as no build is running.
 *
 * workerd runs every isolate of a process on one thread, and microtasks never give it back:
 * locally a build held up every other request of Kiln (the builder UI, previews, apps) for
 * seconds. So one zero-delay timer in every `yieldEvery` still goes through the real timer,
 * which lets the process answer what came in meanwhile.
 */
export const tuning = { fastTimers: true, yieldEvery: 64 };

class FastTimer {
  cancelled = false;
}
let fastDepth = 0;
let fastTimers = 0;
let realSetTimeout: typeof setTimeout | null = null;
let realClearTimeout: typeof clearTimeout | null = null;

async function withFastTimers<T>(fn: () => Promise<T>): Promise<T> {
  if (!tuning.fastTimers) return fn();
  if (fastDepth++ === 0) {
    realSetTimeout = globalThis.setTimeout;
    realClearTimeout = globalThis.clearTimeout;
    const real = realSetTimeout;
    const realClear = realClearTimeout;
    globalThis.setTimeout = ((cb: (...a: unknown[]) => void, ms?: number, ...args: unknown[]) => {
      if (ms || ++fastTimers % tuning.yieldEvery === 0) return real(cb, ms, ...args);
      const timer = new FastTimer();
      queueMicrotask(() => {
        if (!timer.cancelled) cb(...args);
      });
      return timer;
    }) as unknown as typeof setTimeout;
    globalThis.clearTimeout = ((id: unknown) => {
      if (id instanceof FastTimer) id.cancelled = true;
      else realClear(id as number);
    }) as typeof clearTimeout;
  }
  try {
    return await fn();
  } finally {
    if (--fastDepth === 0) {
      globalThis.setTimeout = realSetTimeout!;
      globalThis.clearTimeout = realClearTimeout!;
    }
  }
}

export type { esbuild };

const EXTENSIONS = [".tsx", ".ts", ".jsx", ".js", ".mts", ".mjs", ".json", ".css"];

/** Resolves a relative or root-relative import against the in-memory project files. */
export function resolveFile(files: Record<string, string>, fromDir: string, spec: string): string | null {
  const parts = spec.startsWith("/") ? [] : fromDir.split("/").filter(Boolean);
  for (const part of spec.split("/")) {
    if (part === "..") parts.pop();
    else if (part !== "." && part !== "") parts.push(part);
  }
  const base = parts.join("/");
  if (base in files) return base;
  for (const ext of EXTENSIONS) if (base + ext in files) return base + ext;
  for (const ext of EXTENSIONS) if (`${base}/index${ext}` in files) return `${base}/index${ext}`;
  return null;
}

export function loaderFor(path: string): esbuild.Loader {
  const ext = path.slice(path.lastIndexOf("."));
  switch (ext) {
    case ".ts":
    case ".mts":
      return "ts";
    case ".tsx":
      return "tsx";
    case ".jsx":
      return "jsx";
    case ".json":
      return "json";
    case ".css":
      return "css";
    case ".txt":
    case ".md":
    case ".sql":
      return "text";
    case ".js":
    case ".mjs":
      return "js";
    default:
      return "dataurl";
  }
}

/** esbuild's messages in the builder's structured shape (1-based line and column). */
export function fromEsbuild(messages: esbuild.Message[], severity: "error" | "warning"): BuildError[] {
  return messages.map((m) => ({
    file: (m.location?.file ?? "").replace(/^[a-z-]+:/, "").replace(/^\/+/, ""),
    line: m.location?.line ?? 0,
    column: m.location ? m.location.column + 1 : 0,
    message: m.text + (m.notes.length ? ` (${m.notes.map((n) => n.text).join("; ")})` : ""),
    code: m.id ? `ESBUILD_${m.id.toUpperCase().replace(/-/g, "_")}` : "ESBUILD",
    source: "esbuild",
    severity,
    ...(m.location?.lineText ? { lineText: m.location.lineText } : {}),
  }));
}

/** Runs a build, turning esbuild's thrown failure into structured errors. */
export async function runBuild(
  opts: esbuild.BuildOptions,
): Promise<{ result: esbuild.BuildResult | null; diagnostics: BuildError[] }> {
  await initEsbuild();
  try {
    const result = await withFastTimers(() => esbuild.build({ logLevel: "silent", ...opts }));
    return { result, diagnostics: fromEsbuild(result.warnings, "warning") };
  } catch (err) {
    const failure = err as esbuild.BuildFailure;
    if (Array.isArray(failure.errors))
      return {
        result: null,
        diagnostics: [...fromEsbuild(failure.errors, "error"), ...fromEsbuild(failure.warnings ?? [], "warning")],
      };
    throw err;
  }
}
