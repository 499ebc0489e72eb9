// Hosting overhead: the same app served by Kiln with its local sandbox, by Kiln with apps in its own
// process (as on Cloudflare), and by `wrangler dev` directly; first-request latency of a fresh
// deploy; memory per warm app.
import autocannon from "autocannon";
import { execSync, spawn } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
// @ts-expect-error -- plain JavaScript shared with the CLI
import { deployApp } from "../cli/deploy-client.mjs";
import { freePort, getFromApp, startKiln } from "../test/e2e/kiln-server.ts";
import { machine, ms, percentile, report } from "./report.ts";

const root = join(import.meta.dirname, "..");
const fixture = join(import.meta.dirname, "fixtures/notes-app");
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const APP_COUNTS = (process.env.BENCH_APPS ?? "100,500").split(",").map(Number);

function readFixture() {
  const assets: Record<string, Uint8Array> = {};
  for (const f of readdirSync(join(fixture, "public")))
    assets[`/${f}`] = new Uint8Array(readFileSync(join(fixture, "public", f)));
  return {
    assets,
    serverCode: {
      entrypoint: "index.js",
      modules: { "index.js": new Uint8Array(readFileSync(join(fixture, "worker/index.js"))) },
    },
    migrations: [{ name: "0001_init.sql", sql: readFileSync(join(fixture, "migrations/0001_init.sql"), "utf8") }],
    run_worker_first: ["/api/*"],
  };
}

async function load(url: string, host?: string) {
  const result = await autocannon({ url, connections: 8, duration: SECONDS, headers: host ? { host } : {} });
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
}

async function startWranglerDev() {
  const dir = mkdtempSync(join(tmpdir(), "kiln-bench-direct-"));
  cpSync(fixture, dir, { recursive: true });
  const env = { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" };
  const wrangler = join(root, "node_modules/.bin/wrangler");
  execSync(`${wrangler} d1 migrations apply DB --local --persist-to ${dir}/.state`, { cwd: dir, env, stdio: "ignore" });
  const port = await freePort();
  const child = spawn(
    wrangler,
    [
      "dev",
      "--port",
      String(port),
      "--persist-to",
      `${dir}/.state`,
      "--log-level",
      "warn",
      "--show-interactive-dev-session=false",
    ],
    { cwd: dir, env, stdio: "ignore", detached: true },
  );
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${url}/api/notes`)).ok) break;
    } catch {}
    await new Promise((r) => setTimeout(r, 200));
  }
  return { url, stop: () => process.kill(-child.pid!, "SIGTERM") };
}

function workerdRssMb(pgid: number): number {
  // A Kiln runs in the workerd processes of its process group (the platform's and, with the sandbox,
  // one per app); sum their resident memory.
  const out = execSync(`ps -g ${pgid} -o comm=,rss=`, { encoding: "utf8" });
  return (
    out
      .split("\n")
      .filter((l) => l.trim().startsWith("workerd"))
      .reduce((n, l) => n + Number(l.trim().split(/\s+/)[1]), 0) / 1024
  );
}

type Mode = "sandbox" | "in-process";

/** One Kiln, in one mode: throughput of the notes app, first requests after deploys, memory per app. */
async function measure(mode: Mode, appCounts: number[]) {
  const kiln = await startKiln(mode === "in-process" ? { KILN_SANDBOX: "off" } : {});
  try {
    const reg = await (
      await fetch(`${kiln.url}/api/auth/register`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: "bench@example.com", password: "bench password" }),
      })
    ).json();
    const token = (
      await (
        await fetch(`${kiln.url}/api/tokens`, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${reg.token}` },
          body: JSON.stringify({ name: "bench" }),
        })
      ).json()
    ).token;
    const client = { baseUrl: kiln.url, token };
    const newProject = async (name: string) =>
      (
        await (
          await fetch(`${kiln.url}/__api/projects`, {
            method: "POST",
            headers: { authorization: token, "content-type": "application/json" },
            body: JSON.stringify({ name }),
          })
        ).json()
      ).project;
    const app = readFixture();

    const main = await newProject("bench main");
    await deployApp(client, main.id, app);
    const host = `${main.slug}.localhost:${kiln.port}`;
    await getFromApp(kiln.port, host, "/api/notes");
    const load_: Record<string, Awaited<ReturnType<typeof load>>> = {};
    for (const path of ["/style.css", "/api/notes"])
      load_[path] = await load(`http://127.0.0.1:${kiln.port}${path}`, host);

    // First request after a deploy: a new version means a new isolate (and, in the sandbox, its process may be new too).
    const firsts: number[] = [];
    for (let i = 0; i < 10; i++) {
      const p = await newProject(`cold ${i}`);
      await deployApp(client, p.id, app);
      const t0 = performance.now();
      const res = await getFromApp(kiln.port, `${p.slug}.localhost:${kiln.port}`, "/api/notes");
      if (res.status !== 200) throw new Error(`first request answered ${res.status}`);
      firsts.push(performance.now() - t0);
    }

    const base = workerdRssMb(kiln.pgid);
    const memory: { count: number; rss: number; perApp: number }[] = [];
    let deployed = 0;
    for (const count of appCounts) {
      for (; deployed < count; deployed++) {
        const p = await newProject(`mem ${deployed}`);
        await deployApp(client, p.id, app);
        await getFromApp(kiln.port, `${p.slug}.localhost:${kiln.port}`, "/api/notes");
      }
      const rss = workerdRssMb(kiln.pgid);
      memory.push({ count, rss, perApp: (rss - base) / count });
    }
    return { load: load_, firsts, base, memory };
  } finally {
    await kiln.stop();
  }
}

const direct = await startWranglerDev();
const directLoad: Record<string, Awaited<ReturnType<typeof load>>> = {};
try {
  for (const path of ["/style.css", "/api/notes"]) directLoad[path] = await load(`${direct.url}${path}`);
} finally {
  direct.stop();
}
// The sandbox keeps SANDBOX_PROCESSES (32) app processes; past that, idle ones stop.
const sandbox = await measure("sandbox", [20]);
const inProcess = await measure("in-process", APP_COUNTS);

const rows = [
  ["static asset (21 KB CSS)", "/style.css"],
  ["API route with a D1 read", "/api/notes"],
].map(([label, path]) => {
  const [s, i, d] = [sandbox.load[path!]!, inProcess.load[path!]!, directLoad[path!]!];
  return [
    label!,
    `${s.rps.toFixed(0)} / ${i.rps.toFixed(0)} / ${d.rps.toFixed(0)}`,
    `${s.p50} / ${i.p50} / ${d.p50} ms`,
    `${s.p99} / ${i.p99} / ${d.p99} ms`,
    `${(d.rps / s.rps).toFixed(2)}× / ${(d.rps / i.rps).toFixed(2)}×`,
  ];
});

report(
  "Hosting",
  `The same notes app (\`bench/fixtures/notes-app\`) served by Kiln with its local app sandbox (each app in a workerd process of its own, the default of \`npm start\`), by Kiln with apps in its own process (\`KILN_SANDBOX=off\`, the way Kiln runs on Cloudflare), and by \`wrangler dev\` directly, ${SECONDS} s each with 8 connections (autocannon). ${machine()}`,
  [
    "request",
    "req/s sandbox / in-process / direct",
    "p50 sandbox / in-process / direct",
    "p99 sandbox / in-process / direct",
    "overhead vs direct (sandbox / in-process)",
  ],
  rows,
  [
    `First request to a freshly deployed app (10 apps): sandbox p50 ${ms(percentile(sandbox.firsts, 50))}, max ${ms(Math.max(...sandbox.firsts))} (the app's process is already running: the deploy started it to apply migrations); in-process p50 ${ms(percentile(inProcess.firsts, 50))}, max ${ms(Math.max(...inProcess.firsts))}. Target ≤ 50 ms.`,
    ...sandbox.memory.map(
      (m) =>
        `Sandbox, ${m.count} apps deployed and warm: workerd RSS ${m.rss.toFixed(0)} MB, ${m.perApp.toFixed(1)} MB per app (one process each) above the ${sandbox.base.toFixed(0)} MB of the platform and the ten apps before. At most SANDBOX_PROCESSES (32) run at once; idle ones stop after SANDBOX_IDLE_SECONDS.`,
    ),
    ...inProcess.memory.map(
      (m) =>
        `In-process, ${m.count} apps deployed and warm: workerd RSS ${m.rss.toFixed(0)} MB, ${m.perApp.toFixed(2)} MB per app above the ${inProcess.base.toFixed(0)} MB baseline. Target ≤ 3 MB per warm app (Cloudflare's model: isolates, not processes).`,
    ),
    "Target: overhead ≤ 1.3× for the way Kiln runs on Cloudflare (in-process); the sandbox buys the local CPU and memory limits with one more loopback hop per Worker request.",
  ],
);
