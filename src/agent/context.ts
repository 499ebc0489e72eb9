import { estimateTokens, type SourceFile } from "../ai/prompts";

/**
 * Which files a model sees for an edit: the ones the request is about (by words it shares with
 * paths and contents), what they import, and the app's spine (App.tsx, the worker's index),
 * most relevant first, within a token budget. The rest are listed by name only.
 */
const SPINE = ["src/App.tsx", "worker/index.ts", "src/components/Layout.tsx"];
const SKIP =
  /^(src\/components\/ui\/|migrations\/0001|package\.json$|tsconfig|vite\.config|wrangler\.jsonc$|README\.md$|\.)/;

export function relevantFiles(
  files: Record<string, string>,
  request: string,
  budgetTokens: number,
): { files: SourceFile[]; tokens: number } {
  const words = [...new Set(request.toLowerCase().match(/[a-z][a-z0-9]{2,}/g) ?? [])].filter((w) => !STOP.has(w));
  const stems = words.map((w) => w.replace(/(ies|es|s)$/, ""));
  const score = new Map<string, number>();
  for (const [path, content] of Object.entries(files)) {
    if (SKIP.test(path) || !/\.(tsx?|sql|css)$/.test(path)) continue;
    const p = path.toLowerCase();
    const c = content.toLowerCase();
    let s = SPINE.includes(path) ? 2 : 0;
    for (const stem of stems) {
      if (p.includes(stem)) s += 5;
      if (c.includes(stem)) s += 1;
    }
    if (s > 0) score.set(path, s);
  }
  // What the most relevant files import comes along, a little behind them.
  for (const [path, s] of [...score].sort((a, b) => b[1] - a[1]).slice(0, 6)) {
    for (const spec of files[path]!.matchAll(/from\s+["'](\.{1,2}\/[^"']+)["']/g)) {
      const target = resolveImport(path, spec[1]!, files);
      if (target && !SKIP.test(target)) score.set(target, Math.max(score.get(target) ?? 0, s - 1));
    }
  }
  const ranked = [...score].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([path]) => path);
  const chosen: SourceFile[] = [];
  let tokens = 0;
  for (const path of ranked) {
    const t = estimateTokens(files[path]!);
    if (tokens + t > budgetTokens) continue;
    chosen.push({ path, content: files[path]! });
    tokens += t;
  }
  return { files: chosen, tokens };
}

function resolveImport(from: string, spec: string, files: Record<string, string>): string | null {
  const parts = from.split("/").slice(0, -1);
  for (const seg of spec.split("/")) {
    if (seg === "..") parts.pop();
    else if (seg !== ".") parts.push(seg);
  }
  const base = parts.join("/");
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`, `${base}/index.tsx`])
    if (files[candidate] !== undefined) return candidate;
  return null;
}

const STOP = new Set([
  "the",
  "and",
  "add",
  "for",
  "with",
  "make",
  "please",
  "can",
  "you",
  "that",
  "this",
  "from",
  "into",
  "app",
  "page",
  "show",
  "want",
  "should",
  "field",
  "new",
  "all",
  "are",
  "when",
  "use",
  "have",
  "each",
  "also",
]);
