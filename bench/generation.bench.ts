// Prompt → live preview URL, offline (no model): the ten descriptions of the generation issue,
// each a new project, timed from the chat request to the `done` event.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { startKiln } from "../test/e2e/kiln-server.ts";
import { machine, ms, percentile, report } from "./report.ts";

const { prompts } = JSON.parse(
  readFileSync(join(import.meta.dirname, "../test/fixtures/prompts/offline.json"), "utf8"),
) as { prompts: { id: string; prompt: string }[] };
const list = prompts.map((p) => p.prompt);

// Replayed transcripts stand in for the model in the second part (the prompts Kiln sends are real).
const kiln = await startKiln({ ALLOW_REPLAY_PROVIDER: "true" });
try {
  const post = async (path: string, body: unknown, token?: string) => {
    const res = await fetch(`${kiln.url}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    return res;
  };
  const { token } = await (
    await post("/api/auth/register", { email: "bench-gen@example.com", password: "bench password" })
  ).json();
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

  // How much of a project one model turn sees: the write prompt against the whole project, for a
  // first build on a fresh scaffold and for an edit of an existing app.
  const transcripts = join(import.meta.dirname, "../test/fixtures/transcripts");
  const readTranscript = (name: string) => JSON.parse(readFileSync(join(transcripts, `${name}.json`), "utf8"));
  const context: (string | number)[][] = [];
  const writeShare = async (label: string, name: string, messages: string[]) => {
    const user = await (
      await post("/api/auth/register", {
        email: `bench-${name}-${messages.length}@example.com`,
        password: "bench password",
      })
    ).json();
    const { project } = await (await post("/api/projects", { name }, user.token)).json();
    const transcript = readTranscript(name);
    let done: any;
    for (const message of messages) {
      // Each message gets a fresh replay of the turns not yet used.
      const writes = transcript.turns.flatMap((t: { phase: string }, i: number) => (t.phase === "write" ? [i] : []));
      const used = done ? writes[1] : 0;
      await fetch(`${kiln.url}/api/settings/ai`, {
        method: "PUT",
        headers: { "content-type": "application/json", authorization: `Bearer ${user.token}` },
        body: JSON.stringify({
          provider: "replay",
          transcript: { ...transcript, turns: transcript.turns.slice(used) },
        }),
      });
      const text = await (await post("/api/chat", { projectId: project.id, message }, user.token)).text();
      done = text
        .split("\n\n")
        .map((b) => b.split("\n").find((l) => l.startsWith("data: ")))
        .filter(Boolean)
        .map((l) => JSON.parse(l!.slice(6)))
        .find((e) => e.type === "done");
      if (!done?.versionId) throw new Error(`${name}: no version\n${text.slice(-600)}`);
    }
    const files = (
      await (
        await fetch(`${kiln.url}/api/projects/${project.id}/files`, {
          headers: { authorization: `Bearer ${user.token}` },
        })
      ).json()
    ).files.length;
    const w = done.metrics.phases.write;
    context.push([
      `${label} (${files} files)`,
      w.promptTokens,
      w.projectTokens,
      `${((100 * w.promptTokens) / w.projectTokens).toFixed(0)} %`,
    ]);
  };
  const todo = "A todo app where I can add my todos, tick them off, delete them and filter open / done.";
  await writeShare("new todo app: first write on the scaffold", "todo-clean", [todo]);
  await writeShare("new CRM: first write on the scaffold", "crm-clean", [
    "A small CRM for my sales team: companies, the deals we have with them, the pipeline stage of every deal and its amount.",
  ]);
  await writeShare('edit of the todo app: "Show when each todo was added"', "todo-search-mismatch", [
    todo,
    "Show when each todo was added, under its title",
  ]);

  report(
    "Prompt to live preview (offline)",
    `Each description is a new project: \`POST /api/chat\` → plan (offline planner) → scaffold → check (in-platform build with type check and SQL dry run) → deploy, timed until the \`done\` event carries the preview URL. The very first generation after start took ${ms(cold)} (esbuild and the type-checker warming up) and is not counted. ${machine()}`,
    ["description", "prompt → preview URL"],
    rows,
    ["Target: p50 ≤ 2 s."],
  );
  report(
    "Edit context",
    "Tokens of the write prompt Kiln builds for a model turn (system, plan, file list and the relevant files chosen by name, import graph and text search within the budget), against all of the project's files, estimated at 3.5 characters a token. The model's answers are replayed transcripts; the prompts are Kiln's own.",
    ["project at the write turn", "prompt tokens", "project tokens", "share"],
    context,
    [
      "Target (for an edit): ≤ 30 %. A first write on a fresh scaffold sends the whole scaffold on purpose: the model builds the features into it.",
    ],
  );
} finally {
  await kiln.stop();
}
