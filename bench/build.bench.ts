// In-platform builds (inside workerd, through Kiln's build API) against `vite build` and
// `tsc && vite build` of the same projects in Node, in the same run.
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startKiln } from "../test/e2e/kiln-server.ts";
import { readTree } from "../test/template/tree.ts";
import { machine, ms, percentile, report } from "./report.ts";

const root = join(import.meta.dirname, "..");
const WARM_RUNS = Number(process.env.BENCH_BUILD_RUNS ?? 10);
const NODE_RUNS = Number(process.env.BENCH_VITE_RUNS ?? 5);
const WARMUP_RUNS = Number(process.env.BENCH_WARMUP_RUNS ?? 5);
const PROJECTS = [
  { label: "template (47 files)", dir: "templates/react-app", page: "src/pages/HomePage.tsx" },
  // The template with templates/samples/crm over it, composed by `kiln prepare`.
  { label: "CRM sample (61 files)", dir: "dist/samples/crm", page: "src/pages/DashboardPage.tsx" },
];

function timeNode(dir: string, withTypes: boolean): number[] {
  const work = mkdtempSync(join(tmpdir(), "kiln-bench-vite-"));
  cpSync(join(root, dir), work, { recursive: true, filter: (s) => !/[/\\](node_modules|dist|\.wrangler)$/.test(s) });
  symlinkSync(join(root, "node_modules"), join(work, "node_modules"), "dir");
  const bin = (name: string) => join(root, "node_modules/.bin", name);
  const env = { ...process.env, NODE_ENV: "production" };
  const times: number[] = [];
  for (let i = 0; i < NODE_RUNS; i++) {
    const t0 = performance.now();
    if (withTypes) {
      execFileSync(bin("tsc"), ["-p", "tsconfig.json"], { cwd: work, env, stdio: "ignore" });
      execFileSync(bin("tsc"), ["-p", "worker/tsconfig.json"], { cwd: work, env, stdio: "ignore" });
    }
    execFileSync(bin("vite"), ["build", "--logLevel", "error"], { cwd: work, env, stdio: "ignore" });
    times.push(performance.now() - t0);
  }
  return times;
}

const kiln = await startKiln();
try {
  const post = async (path: string, body: unknown, token?: string, raw?: string) => {
    const res = await fetch(`${kiln.url}${path}`, {
      method: raw === undefined ? "POST" : "PUT",
      headers: {
        "content-type": raw === undefined ? "application/json" : "text/plain",
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: raw ?? JSON.stringify(body),
    });
    const json = await res.json();
    if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  const { token } = await post("/api/auth/register", { email: "bench-build@example.com", password: "bench password" });

  const rows: (string | number)[][] = [];
  const kilnTimes: { p: (typeof PROJECTS)[number]; cold: number; warm: number[] }[] = [];
  for (const p of PROJECTS) {
    const { project } = await post("/api/projects", { name: p.label }, token);
    const files = readTree(join(root, p.dir));
    const current = await (
      await fetch(`${kiln.url}/api/projects/${project.id}/files`, { headers: { authorization: `Bearer ${token}` } })
    ).json();
    for (const f of current.files)
      if (!(f.path in files))
        await fetch(`${kiln.url}/api/projects/${project.id}/files/${f.path}`, {
          method: "DELETE",
          headers: { authorization: `Bearer ${token}` },
        });
    for (const [path, content] of Object.entries(files))
      await post(`/api/projects/${project.id}/files/${path}`, null, token, content);

    const build = () => post(`/api/projects/${project.id}/build`, {}, token);
    const cold = await build();
    const warm: number[] = [];
    // V8 keeps optimising esbuild.wasm for the first few builds of a fresh isolate: those are
    // neither cold nor warm, so they are run but not counted.
    for (let i = -WARMUP_RUNS; i < WARM_RUNS; i++) {
      // A one-line edit each time, as a person or a model would make between builds.
      await post(`/api/projects/${project.id}/files/${p.page}`, null, token, `${files[p.page]}\n// edit ${i}\n`);
      const { buildTime } = await build();
      if (i >= 0) warm.push(buildTime);
    }
    kilnTimes.push({ p, cold: cold.buildTime, warm });
  }
  // Node's builds run after Kiln's: minutes of idle keep-alive sockets would otherwise go stale.
  for (const { p, cold, warm } of kilnTimes) {
    const vite = timeNode(p.dir, false);
    const tscVite = timeNode(p.dir, true);
    const warmP50 = percentile(warm, 50);
    rows.push([
      p.label,
      ms(cold),
      `${ms(warmP50)} / ${ms(percentile(warm, 95))}`,
      ms(percentile(vite, 50)),
      ms(percentile(tscVite, 50)),
      `${(percentile(vite, 50) / warmP50).toFixed(1)}× / ${(percentile(tscVite, 50) / warmP50).toFixed(1)}×`,
    ]);
  }

  report(
    "In-platform builds",
    `Kiln builds inside workerd (bundle, Tailwind, TypeScript check, SQL dry run) through \`POST /api/projects/:id/build\`; the time is the builder's own, without deploying. Warm runs follow a one-line edit each (${WARM_RUNS} runs after ${WARMUP_RUNS} uncounted warm-up builds). Node runs are whole \`vite build\` / \`tsc -p … && vite build\` processes of the same sources (${NODE_RUNS} runs, p50). ${machine()}`,
    [
      "project",
      "Kiln cold (first build after start)",
      "Kiln warm p50 / p95",
      "vite build",
      "tsc + vite build",
      "faster than vite / tsc+vite",
    ],
    rows,
    ["Targets: warm p50 ≤ 150 ms (template) and ≤ 300 ms (30-file app); faster than `vite build` on both."],
  );
} finally {
  await kiln.stop();
}
