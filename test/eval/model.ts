/**
 * `npm run eval -- --provider <p> --model <m> [--base-url <url>]`: the corpus end to end through a
 * connected model. A Kiln is started; an account's model is set (PUT /api/settings/ai); each
 * description is a new project sent through POST /api/chat (plan, scaffold, write, check with an
 * in-platform build and smoke run, repair, deploy). Per case: success (a deployed version whose
 * page is served), repair rounds, tokens, model time and total time; and the model's plan scored
 * against what the person named, as the offline planner is.
 *
 *   --provider workers-ai|openai-compatible|anthropic|offline|replay
 *   --model ID  --base-url URL  --account-id ID   the model (as in Settings)
 *   --api-key-env NAME        environment variable holding the key (default AI_API_KEY)
 *   --set dev|holdout|all     which descriptions (default dev); --limit N; --case ID
 *   --json FILE               every run's figures, for comparing models later
 *
 * `--provider replay` has no model behind it: it replays the recorded transcripts
 * (test/fixtures/transcripts) for the descriptions they were recorded for, to show that the path
 * and its measurements work. Its numbers are replays, not a model's.
 */
import { writeFileSync } from "node:fs";
import type { Plan } from "../../src/agent/plan/types";
import type { Transcript } from "../../src/ai/replay";
import { APP_DESCRIPTIONS, TRANSCRIPTS, type TranscriptName } from "../fixtures/transcripts";
import type { EvalCase } from "./corpus";
import { ms, percentile, startEvalKiln, usageOf, type ChatRun } from "./kiln-runs";
import { pct } from "./report";
import { scoreCase, totals, type CaseScore } from "./score";
import { DEV, HOLDOUT } from "./sets";

const args = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};

const provider = option("provider");
const PROVIDERS = ["workers-ai", "openai-compatible", "anthropic", "offline", "replay"];
if (!provider || !PROVIDERS.includes(provider)) {
  console.error(
    `usage: npm run eval -- --provider ${PROVIDERS.join("|")} [--model ID] [--base-url URL] [--account-id ID] [--api-key-env NAME] [--set dev|holdout|all] [--limit N] [--case ID] [--json FILE]`,
  );
  process.exit(2);
}
const replay = provider === "replay";

/** Second messages of the transcripts recorded over two chat messages, and the turn each starts at. */
const FOLLOW_UPS: Partial<Record<TranscriptName, { message: string; fromTurn: number }>> = {
  "todo-search-mismatch": { message: "Show when each todo was added, under its title", fromTurn: 2 },
  "todo-lazy-placeholder": { message: "Show how many todos are still open at the top of the todos page", fromTurn: 2 },
};

interface Row {
  id: string;
  run: ChatRun;
  score: CaseScore | null;
}

const banner = replay
  ? "REPLAYED TRANSCRIPTS — no model ran. Each case replays a recorded, hand-written model transcript (test/fixtures/transcripts) through the real pipeline; the tokens, repair rounds and outcomes below are the recordings', not any model's."
  : `Model: ${provider}${option("model") ? ` ${option("model")}` : ""}${option("base-url") ? ` at ${option("base-url")}` : ""}`;
console.log(banner + "\n");

const kiln = await startEvalKiln(replay ? { ALLOW_REPLAY_PROVIDER: "true" } : {});
const rows: Row[] = [];
try {
  await kiln.warm();
  const token = await kiln.account(provider);
  if (replay) {
    const only = option("case");
    const names = (Object.keys(TRANSCRIPTS) as TranscriptName[]).filter((n) => !only || n === only);
    for (const name of names) {
      const transcript = TRANSCRIPTS[name] as Transcript;
      const follow = FOLLOW_UPS[name];
      const messages = [
        APP_DESCRIPTIONS[transcript.app as keyof typeof APP_DESCRIPTIONS],
        ...(follow ? [follow.message] : []),
      ];
      // Each chat message gets a fresh replay of the turns it answers (as a model would be asked anew).
      const run = await kiln.run(token, name, messages, (i) =>
        kiln.setModel(token, {
          provider: "replay",
          transcript: { ...transcript, turns: transcript.turns.slice(i === 0 ? 0 : follow!.fromTurn) },
        }),
      );
      rows.push({ id: name, run, score: null });
      line(rows.at(-1)!);
    }
  } else {
    const apiKey = process.env[option("api-key-env") ?? "AI_API_KEY"];
    await kiln.setModel(token, {
      provider,
      ...(option("model") ? { model: option("model") } : {}),
      ...(option("base-url") ? { baseURL: option("base-url") } : {}),
      ...(option("account-id") ? { accountId: option("account-id") } : {}),
      ...(apiKey ? { apiKey } : {}),
    });
    const which = option("set") ?? "dev";
    let cases: EvalCase[] = which === "holdout" ? HOLDOUT : which === "all" ? [...DEV, ...HOLDOUT] : DEV;
    if (option("case")) cases = cases.filter((c) => c.id === option("case"));
    if (option("limit")) cases = cases.slice(0, Number(option("limit")));
    for (const c of cases) {
      const run = await kiln.run(token, c.id, [c.text]);
      const score = run.plan
        ? scoreCase(c, { kind: "app", plan: run.plan as Plan })
        : run.outcome === "replied"
          ? scoreCase(c, { kind: "reply", reply: run.reply, reason: "" })
          : null;
      rows.push({ id: c.id, run, score });
      line(rows.at(-1)!);
    }
  }
} finally {
  await kiln.stop();
}

const ok = rows.filter((r) => r.run.outcome === "deployed");
const times = rows.map((r) => r.run.ms);
const tokens = rows.map((r) => usageOf(r.run));
console.log(
  [
    "",
    replay ? "Summary (REPLAYS, not a model):" : "Summary:",
    `  deployed and serving   ${ok.length}/${rows.length}`,
    `  answered with a reply  ${rows.filter((r) => r.run.outcome === "replied").length}`,
    `  failed                 ${rows.filter((r) => r.run.outcome === "failed").length}`,
    `  repair rounds          ${rows.reduce((n, r) => n + r.run.repairs, 0)} in all, ${rows.filter((r) => r.run.repairs > 0).length} case(s) needed repair`,
    `  tokens in / out        ${tokens.reduce((n, t) => n + t.input, 0)} / ${tokens.reduce((n, t) => n + t.output, 0)} (of the ${rows.filter((r) => r.run.metrics).length} runs that finished; a failed run reports none)`,
    `  time per case          p50 ${ms(percentile(times, 50))}, p95 ${ms(percentile(times, 95))}, max ${ms(Math.max(0, ...times))}`,
  ].join("\n"),
);
const scored = rows.flatMap((r) => (r.score ? [r.score] : []));
if (scored.length > 0) {
  const t = totals(scored);
  console.log(
    `  the plans, scored      named ${pct(t.named)} · kinds ${pct(t.kinds)} · relations ${pct(t.relations)} · invented tables ${t.invented} · login ${pct(t.login)}`,
  );
}
for (const r of rows.filter((x) => x.run.outcome === "failed"))
  console.log(`  ✗ ${r.id}: ${r.run.error?.split("\n")[0]!.slice(0, 300)}`);
const jsonFile = option("json");
if (jsonFile) {
  const out = rows.map((r) => ({
    id: r.id,
    outcome: r.run.outcome,
    ms: Math.round(r.run.ms),
    repairs: r.run.repairs,
    ...usageOf(r.run),
    error: r.run.error,
    metrics: r.run.allMetrics,
    problems: r.score?.problems ?? null,
  }));
  writeFileSync(
    jsonFile,
    JSON.stringify(
      { provider, model: option("model") ?? null, replay, at: new Date().toISOString(), runs: out },
      null,
      2,
    ),
  );
  console.log(`\nWrote ${jsonFile}.`);
}

function line({ id, run, score }: Row) {
  const t = usageOf(run);
  const plan = score
    ? `  plan: named ${score.named.ok}/${score.named.of}, kinds ${score.kinds.ok}/${score.kinds.of}, relations ${score.relations.ok}/${score.relations.of}`
    : "";
  console.log(
    `${run.outcome.padEnd(8)} ${id.padEnd(30)} repairs ${run.repairs}  tokens ${run.metrics ? `${t.input}/${t.output}` : "—"}  model ${run.metrics ? ms(t.modelMs) : "—"}  total ${ms(run.ms)}${plan}${run.error ? `  ✗ ${run.error.slice(0, 160)}` : ""}`,
  );
}
