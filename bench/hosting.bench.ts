// Hosting overhead: the same app served by Kiln (Worker Loader isolate + platform routing) and by
// `wrangler dev` directly; first-request latency of a fresh deploy; memory per warm app.
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
  for (const f of readdirSync(join(fixture, "public"))) assets[`/${f}`] = new Uint8Array(readFileSync(join(fixture, "public", f)));
  return {
    assets,
    serverCode: { entrypoint: "index.js", modules: { "index.js": new Uint8Array(readFileSync(join(fixture, "worker/index.js"))) } },
    migrations: [{ name: "0001_init.sql", sql: readFileSync(join(fixture, "migrations/0001_init.sql"), "utf8") }],
    run_worker_first: ["/api/*"],
  };
}

async function load(url: string, host?: string) {
  const result = await autocannon({ url, connections: 8, duration: SECONDS, headers: host ? { host } : {} });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
}

async function startWranglerDev() {
  const dir = mkdtempSync(join(tmpdir(), "kiln-bench-direct-"));
  cpSync(fixture, dir, { recursive: true });
  const env = { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" };
  const wrangler = join(root, "node_modules/.bin/wrangler");
  execSync(`${wrangler} d1 migrations apply DB --local --persist-to ${dir}/.state`, { cwd: dir, env, stdio: "ignore" });
  const port = await freePort();
  const child = spawn(wrangler, ["dev", "--port", String(port), "--persist-to", `${dir}/.state`, "--log-level", "warn", "--show-interactive-dev-session=false"], { cwd: dir, env, stdio: "ignore", detached: true });
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
  // This Kiln's platform runs in the workerd processes of its process group; sum their resident memory.
  const out = execSync(`ps -g ${pgid} -o comm=,rss=`, { encoding: "utf8" });
  return out.split("\n").filter((l) => l.trim().startsWith("workerd")).reduce((n, l) => n + Number(l.trim().split(/\s+/)[1]), 0) / 1024;
}

const kiln = await startKiln();
const direct = await startWranglerDev();
try {
  const reg = await (await fetch(`${kiln.url}/api/auth/register`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email: "bench@example.com", password: "bench password" }) })).json();
  const token = (await (await fetch(`${kiln.url}/api/tokens`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${reg.token}` }, body: JSON.stringify({ name: "bench" }) })).json()).token;
  const client = { baseUrl: kiln.url, token };
  const newProject = async (name: string) => (await (await fetch(`${kiln.url}/__api/projects`, { method: "POST", headers: { authorization: token, "content-type": "application/json" }, body: JSON.stringify({ name }) })).json()).project;
  const app = readFixture();

  const main = await newProject("bench main");
  await deployApp(client, main.id, app);
  const host = `${main.slug}.localhost:${kiln.port}`;
  const kilnBase = `http://127.0.0.1:${kiln.port}`;
  await getFromApp(kiln.port, host, "/api/notes");

  const rows: (string | number)[][] = [];
  for (const [label, path] of [["static asset (21 KB CSS)", "/style.css"], ["API route with a D1 read", "/api/notes"]] as const) {
    const viaKiln = await load(`${kilnBase}${path}`, host);
    const viaWrangler = await load(`${direct.url}${path}`);
    rows.push([label, `${viaKiln.rps.toFixed(0)} / ${viaWrangler.rps.toFixed(0)}`, `${viaKiln.p50} / ${viaWrangler.p50} ms`, `${viaKiln.p99} / ${viaWrangler.p99} ms`, `${(viaWrangler.rps / viaKiln.rps).toFixed(2)}×`]);
  }

  // First request after a deploy: a new version means a new isolate.
  const firsts: number[] = [];
  for (let i = 0; i < 10; i++) {
    const p = await newProject(`cold ${i}`);
    await deployApp(client, p.id, app);
    const t0 = performance.now();
    const res = await getFromApp(kiln.port, `${p.slug}.localhost:${kiln.port}`, "/api/notes");
    if (res.status !== 200) throw new Error(`first request answered ${res.status}`);
    firsts.push(performance.now() - t0);
  }
  const cold = [`p50 ${ms(percentile(firsts, 50))}, max ${ms(Math.max(...firsts))}`];

  const memory: (string | number)[][] = [];
  const base = workerdRssMb(kiln.pgid);
  let deployed = 0;
  for (const count of APP_COUNTS) {
    for (; deployed < count; deployed++) {
      const p = await newProject(`mem ${deployed}`);
      await deployApp(client, p.id, app);
      await getFromApp(kiln.port, `${p.slug}.localhost:${kiln.port}`, "/api/notes");
    }
    const rss = workerdRssMb(kiln.pgid);
    memory.push([`${count} apps deployed and warm`, `${rss.toFixed(0)} MB`, `${((rss - base) / count).toFixed(2)} MB`]);
  }

  report(
    "Hosting",
    `The same notes app (\`bench/fixtures/notes-app\`) served by Kiln and by \`wrangler dev\` directly, ${SECONDS} s each with 8 connections (autocannon). ${machine()}`,
    ["request", "req/s Kiln / direct", "p50 Kiln / direct", "p99 Kiln / direct", "overhead (direct ÷ Kiln throughput)"],
    rows,
    [
      `First request to a freshly deployed app (new isolate, 10 apps): ${cold[0]}. Target ≤ 50 ms.`,
      ...memory.map((m) => `${m[0]}: workerd RSS ${m[1]}, ${m[2]} per app above the ${base.toFixed(0)} MB baseline. Target ≤ 3 MB per warm app.`),
      "Target: overhead ≤ 1.3×.",
    ],
  );
} finally {
  direct.stop();
  await kiln.stop();
}
