// Prompt → live preview URL, offline (no model): the ten descriptions of the generation issue,
// each a new project, timed from the chat request to the `done` event.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { startKiln } from "../test/e2e/kiln-server.ts";
import { machine, ms, percentile, report } from "./report.ts";

const { prompts } = JSON.parse(readFileSync(join(import.meta.dirname, "../test/fixtures/prompts/offline.json"), "utf8")) as { prompts: { id: string; prompt: string }[] };
const list = prompts.map((p) => p.prompt);

const kiln = await startKiln();
try {
  const post = async (path: string, body: unknown, token?: string) => {
    const res = await fetch(`${kiln.url}${path}`, { method: "POST", headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
    return res;
  };
  const { token } = await (await post("/api/auth/register", { email: "bench-gen@example.com", password: "bench password" })).json();
  // One untimed app first: the first build of a fresh platform also starts esbuild and the checker.
  const warm = async (description: string) => {
    const { project } = await (await post("/api/projects", { name: description.slice(0, 40) }, token)).json();
    const t0 = performance.now();
    const text = await (await post("/api/chat", { projectId: project.id, message: description }, token)).text();
    const done = text.includes("event: done") && /"versionId":"[0-9A-Z]{26}"/.test(text);
    if (!done) throw new Error(`no version for "${description}":\n${text.slice(-600)}`);
    return performance.now() - t0;
  };
  const cold = await warm(list[0]!);
  const times: number[] = [];
  const rows: (string | number)[][] = [];
  for (const description of list) {
    const t = await warm(description);
    times.push(t);
    rows.push([description, ms(t)]);
  }
  rows.push(["**p50 / p95**", `**${ms(percentile(times, 50))} / ${ms(percentile(times, 95))}**`]);
  report(
    "Prompt to live preview (offline)",
    `Each description is a new project: \`POST /api/chat\` → plan (offline planner) → scaffold → check (in-platform build with type check and SQL dry run) → deploy, timed until the \`done\` event carries the preview URL. The very first generation after start took ${ms(cold)} (esbuild and the type-checker warming up) and is not counted. ${machine()}`,
    ["description", "prompt → preview URL"],
    rows,
    ["Target: p50 ≤ 2 s."],
  );
} finally {
  await kiln.stop();
}
