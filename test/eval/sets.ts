/**
 * The two sets of the corpus, loaded and checked, and the seeded pick of apps that the build
 * sample test (and `eval:planner -- --build --sample`) scaffolds, builds and smoke-runs.
 * JSON imports work in Node (bundled by esbuild) and in workerd (vitest).
 */
import corpusFile from "../fixtures/planner/corpus.json";
import holdoutFile from "../fixtures/planner/holdout.json";
import { loadCorpus, type EvalCase } from "./corpus";

export const DEV: EvalCase[] = loadCorpus(corpusFile as never, "corpus.json");
export const HOLDOUT: EvalCase[] = loadCorpus(holdoutFile as never, "holdout.json");

/** mulberry32: a small seeded generator, so the sample is the same on every machine. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `n` cases that must become apps (never the asks a reply may answer), spread across domains:
 * a fifth of them content sites and the rest data apps, each group's cases shuffled with the
 * seed per domain and then taken from the domains in turn.
 */
export function samplePick(cases: EvalCase[], n: number, seed = 12): EvalCase[] {
  const random = seeded(seed);
  const buildable = cases.filter((c) => !c.handling.includes("reply"));
  const sites = buildable.filter((c) => !c.handling.includes("app"));
  const apps = buildable.filter((c) => c.handling.includes("app"));
  const siteCount = Math.min(sites.length, Math.round(n / 5));
  return [...roundRobin(apps, n - siteCount, random), ...roundRobin(sites, siteCount, random)];
}

function roundRobin(cases: EvalCase[], n: number, random: () => number): EvalCase[] {
  const byDomain = new Map<string, EvalCase[]>();
  for (const c of cases) byDomain.set(c.domain, [...(byDomain.get(c.domain) ?? []), c]);
  const queues = [...byDomain.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([, list]) => {
      const shuffled = [...list];
      for (let i = shuffled.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
      }
      return shuffled;
    });
  const picked: EvalCase[] = [];
  while (picked.length < n && queues.some((q) => q.length > 0)) {
    for (const q of queues) {
      const next = q.shift();
      if (next && picked.length < n) picked.push(next);
    }
  }
  return picked;
}
