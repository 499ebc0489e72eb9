/**
 * Descriptions end to end through a real Kiln: one project per description, POST /api/chat, the
 * event stream read to its end (plan → scaffold → write → check, which builds inside the platform
 * and smoke-runs the app → repair → deploy), then the deployed preview's page fetched. Shared by
 * `eval:planner -- --build` (no model) and `eval` (a model, or replayed transcripts).
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import type { Plan } from "../../src/agent/plan/types";
import { requestApp, startKiln, type RunningKiln } from "../e2e/kiln-server";

export interface ChatEvent {
  type: string;
  [key: string]: any;
}

export interface RunMetricsJson {
  model: string | null;
  phases: Record<string, { ms: number; inputTokens?: number; outputTokens?: number; modelMs?: number }>;
  buildMs: number | null;
  repairRounds: number;
}

export interface ChatRun {
  /** deployed: a version serves the page; replied: no version, an answer; failed: an error or no page. */
  outcome: "deployed" | "replied" | "failed";
  ms: number;
  plan: Plan | null;
  reply: string;
  error: string | null;
  /** The last message's, from its done event (a message that fails reports none). */
  metrics: RunMetricsJson | null;
  /** Every message's metrics that finished, for the tokens of a multi-message case. */
  allMetrics: RunMetricsJson[];
  /** Repair rounds the model was asked for over all messages (from the streams, so failed runs have them too). */
  repairs: number;
  previewUrl: string | null;
  pageStatus: number | null;
  events: ChatEvent[];
}

export interface EvalKiln {
  kiln: RunningKiln;
  /** A fresh account (and its token) on this Kiln. */
  account(label: string): Promise<string>;
  /** Sets the account's model (PUT /api/settings/ai). */
  setModel(token: string, settings: Record<string, unknown>): Promise<void>;
  /** One untimed generation with no model, so that the first measured case does not pay for esbuild's and the type-checker's start. */
  warm(): Promise<void>;
  /** Runs messages in order on one new project; the result is the last message's. */
  run(token: string, name: string, messages: string[], beforeEach?: (index: number) => Promise<void>): Promise<ChatRun>;
  stop(): Promise<void>;
}

export async function startEvalKiln(env: Record<string, string> = {}): Promise<EvalKiln> {
  // What `npm start` does first (vendored build packages, the packed template, the UI), once.
  const prepared = spawnSync(process.execPath, ["cli/kiln.mjs", "prepare"], {
    cwd: join(import.meta.dirname, "../.."),
    stdio: "inherit",
  });
  if (prepared.status !== 0) throw new Error("kiln prepare failed");
  const kiln = await startKiln(env);
  let accounts = 0;
  const post = async (path: string, body: unknown, token?: string, method = "POST") => {
    const res = await fetch(`${kiln.url}${path}`, {
      method,
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    return res;
  };
  const evalKiln: EvalKiln = {
    kiln,
    async account(label) {
      const res = await post("/api/auth/register", {
        email: `eval-${label}-${Date.now()}-${accounts++}@example.com`,
        password: "evaluation password",
      });
      if (res.status !== 201) throw new Error(`sign-up failed: ${res.status} ${await res.text()}`);
      return ((await res.json()) as { token: string }).token;
    },
    async setModel(token, settings) {
      const res = await post("/api/settings/ai", settings, token, "PUT");
      if (!res.ok) throw new Error(`model settings refused: ${res.status} ${await res.text()}`);
    },
    async warm() {
      const token = await evalKiln.account("warm-up");
      await evalKiln.run(token, "warm-up", ["a todo list"]);
    },
    async run(token, name, messages, beforeEach) {
      const created = await post("/api/projects", { name: name.slice(0, 60) }, token);
      if (created.status !== 201) throw new Error(`project not created: ${created.status} ${await created.text()}`);
      const { project } = (await created.json()) as { project: { id: string } };
      const t0 = performance.now();
      let events: ChatEvent[] = [];
      const allMetrics: RunMetricsJson[] = [];
      let repairs = 0;
      for (const [i, message] of messages.entries()) {
        await beforeEach?.(i);
        const res = await post("/api/chat", { projectId: project.id, message }, token);
        events = parseSse(await res.text());
        const finished = events.find((e) => e.type === "done")?.metrics as RunMetricsJson | undefined;
        if (finished) allMetrics.push(finished);
        repairs += Math.max(0, ...events.filter((e) => e.type === "repair").map((e) => Number(e.round)));
      }
      const ms = performance.now() - t0;
      const done = events.find((e) => e.type === "done");
      const error = events.find((e) => e.type === "error");
      const plan = (events.findLast((e) => e.type === "plan")?.plan as Plan | undefined) ?? null;
      const run: ChatRun = {
        outcome: "failed",
        ms,
        plan,
        reply: (done?.reply as string | undefined) ?? "",
        error: error ? `${error.code}: ${error.message}` : null,
        metrics: (done?.metrics as RunMetricsJson | undefined) ?? null,
        allMetrics,
        repairs,
        previewUrl: (done?.previewUrl as string | null | undefined) ?? null,
        pageStatus: null,
        events,
      };
      if (!done) {
        run.error ??= "the stream ended without a done event";
        return run;
      }
      if (!done.versionId) {
        run.outcome = "replied";
        return run;
      }
      // The deployed preview answers its page (hosted by Kiln, on the app's own host).
      const url = new URL(done.previewUrl as string);
      const page = await requestApp(kiln.port, url.host, url.pathname || "/");
      run.pageStatus = page.status;
      run.outcome = page.status === 200 && /<html/i.test(page.body) ? "deployed" : "failed";
      if (run.outcome === "failed") run.error = `the deployed page answered ${page.status}`;
      return run;
    },
    stop: () => kiln.stop(),
  };
  return evalKiln;
}

export function parseSse(text: string): ChatEvent[] {
  return text
    .split("\n\n")
    .map((block) => block.split("\n").find((l) => l.startsWith("data: ")))
    .filter((l): l is string => Boolean(l))
    .map((l) => JSON.parse(l.slice(6)) as ChatEvent);
}

/** Tokens and model time over every message of a run that finished. */
export function usageOf(run: ChatRun): { input: number; output: number; modelMs: number } {
  const usage = { input: 0, output: 0, modelMs: 0 };
  for (const m of run.allMetrics) {
    for (const p of Object.values(m.phases)) {
      usage.input += p.inputTokens ?? 0;
      usage.output += p.outputTokens ?? 0;
      usage.modelMs += p.modelMs ?? 0;
    }
  }
  return usage;
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export const ms = (n: number) =>
  n < 10 ? `${n.toFixed(2)} ms` : n < 10_000 ? `${n.toFixed(0)} ms` : `${(n / 1000).toFixed(1)} s`;
