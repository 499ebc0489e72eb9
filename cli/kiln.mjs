#!/usr/bin/env node
// Kiln's command line: `start` runs the platform locally, `test` runs the whole test suite.
// Written for any Node >= 18 so that it can bring its own Node 22 first.
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ensureNode } from "./runtime.mjs";
import { ensureDevVars, writeMergedVars } from "./settings.mjs";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const [command = "help", ...args] = process.argv.slice(2);
const log = (msg) => console.log(`kiln: ${msg}`);
/** What the formatter owns (`npm run format` writes it; `kiln test` fails when it is not formatted). */
const FORMATTED = ["*.ts", "{src,cli,ui/src,test,bench}/**/*.{ts,tsx,mjs}"];

if (command === "deploy") {
  // Deploying only talks HTTP to a running Kiln: any Node with fetch will do.
  const { deployCommand } = await import("./deploy.mjs");
  await deployCommand(args).catch((err) => {
    console.error(`kiln deploy: ${err.message}`);
    process.exit(1);
  });
  process.exit(0);
}

const node = ensureNode(root, log);
if (node !== process.execPath) {
  // Re-run this same command under the suitable Node, with it first on PATH for npm and npx.
  const child = spawn(node, process.argv.slice(1), { stdio: "inherit", env: withNodeOnPath(node) });
  for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
} else {
  process.env.PATH = withNodeOnPath(node).PATH;
  // Kiln works offline: no usage metrics, and no fetch of Request.cf data from Cloudflare.
  process.env.WRANGLER_SEND_METRICS ??= "false";
  process.env.CLOUDFLARE_CF_FETCH_ENABLED ??= "false";
  try {
    await run(command, args);
  } catch (err) {
    console.error(`kiln: ${err.message}`);
    process.exit(1);
  }
}

function withNodeOnPath(nodeBin) {
  return { ...process.env, PATH: `${dirname(nodeBin)}:${join(root, "node_modules", ".bin")}:${process.env.PATH}` };
}

async function run(cmd, rest) {
  switch (cmd) {
    case "start":
      await prepare();
      return serve({ port: process.env.PORT || "8787", persistTo: join(root, ".kiln", "state") });
    case "test":
      await prepare();
      log("type-checking…");
      execSync("tsc", ["-p", "."]);
      execSync("tsc", ["-p", "ui"]);
      execSync("tsc", ["-p", "test/e2e"]);
      execSync("tsc", ["-p", "test/template"]);
      execSync("tsc", ["-p", "test/scaffold"]);
      execSync("tsc", ["-p", "test/cloudflare"]);
      execSync("tsc", ["-p", "test/eval"]);
      execSync("tsc", ["-p", "cli"]);
      log("checking the formatting…");
      execSync("prettier", ["--check", "--log-level", "warn", ...FORMATTED]);
      return runTests(rest);
    case "prepare":
      return prepare();
    case "cloudflare": {
      // `npm run deploy [-- --dry-run]`: the platform onto a Cloudflare account (cli/cloudflare-deploy.mjs).
      // The setup alone (`-- --setup-only`) only talks to Cloudflare's API: nothing to build.
      if (!rest.includes("--setup-only")) await prepare();
      const { cloudflareDeploy, cloudflareSetupOnly } = await import("./cloudflare-deploy.mjs");
      if (rest.includes("--setup-only")) await cloudflareSetupOnly(root, rest, { log });
      else await cloudflareDeploy(root, rest, { log });
      return;
    }
    case "smoke-cloudflare": {
      // `npm run smoke:cloudflare`: a throwaway Kiln on a real account, walked and deleted (cli/cloudflare-smoke.mjs).
      await prepare();
      const { smokeCloudflare } = await import("./cloudflare-smoke.mjs");
      await smokeCloudflare({ root, args: rest, log });
      return;
    }
    case "bench": {
      await prepare();
      const only = rest[0];
      for (const file of readdirSync(join(root, "bench")).filter(
        (f) => f.endsWith(".bench.ts") && (!only || f.startsWith(only)),
      )) {
        log(`benchmark ${file}…`);
        await exec(process.execPath, [join("bench", file)]);
      }
      return;
    }
    case "serve": {
      // Used by the test harness: serve an already prepared checkout on a given port and state folder.
      const opt = Object.fromEntries(rest.map((a) => a.replace(/^--/, "").split("=")));
      return serve({ port: opt.port ?? "8787", persistTo: opt["persist-to"] ?? join(root, ".kiln", "state") });
    }
    default:
      console.log(
        "usage: kiln start | kiln test [vitest args] | kiln deploy <dir> [--project <id>] | kiln cloudflare [--dry-run | --setup-only] [--order-certificate] [--skip-setup] | kiln smoke-cloudflare [--order-certificate] | kiln prepare",
      );
      process.exit(cmd === "help" ? 0 : 2);
  }
}

/** Everything `start` and `test` need before they run: packages, secrets, vendored code, the built UI. */
async function prepare() {
  ensurePackages();
  if (ensureDevVars(join(root, ".dev.vars"))) log("generated PLATFORM_JWT_SECRET into .dev.vars");
  // Imported only now: both need the npm packages installed above.
  const { vendor } = await import("./vendor.mjs");
  await vendor({ log });
  const { composeSamples, packTemplates } = await import("./templates.mjs");
  packTemplates({ log });
  composeSamples({ log });
  await bundleSandboxRunner();
  buildUiIfStale();
}

/** The Worker that runs inside each local sandbox process (see cli/sandbox/supervisor.ts). */
async function bundleSandboxRunner() {
  const esbuild = createRequire(join(root, "package.json"))("esbuild");
  await esbuild.build({
    entryPoints: [join(root, "src", "hosting", "sandbox", "runner.ts")],
    outfile: join(root, "dist", "sandbox", "runner.js"),
    bundle: true,
    format: "esm",
    platform: "neutral",
    target: "es2024",
    external: ["cloudflare:*"],
    logLevel: "warning",
  });
}

function ensurePackages() {
  const lock = join(root, "package-lock.json");
  const stamp = join(root, "node_modules", ".kiln-lock-hash");
  const want = createHash("sha256").update(readFileSync(lock)).digest("hex");
  if (existsSync(stamp) && readFileSync(stamp, "utf8") === want) return;
  log("installing npm packages…");
  // `npm install` rather than `npm ci`: the registry lacks some optional platform packages that
  // the lock file names (e.g. Tailwind's oxide builds for other systems), which `npm ci` rejects.
  execSync("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"]);
  writeFileSync(stamp, want);
}

function buildUiIfStale() {
  const out = join(root, "dist", "ui", "index.html");
  const newestSource = newestMtime(join(root, "ui"));
  if (existsSync(out) && statSync(out).mtimeMs >= newestSource) return;
  log("building the builder UI…");
  execSync("vite", ["build", "--config", "ui/vite.config.ts", "--logLevel", "warn"]);
}

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

async function serve({ port, persistTo }) {
  mkdirSync(persistTo, { recursive: true });
  const { moveLegacyLocalState } = await import("./local-state.mjs");
  moveLegacyLocalState(persistTo, log);
  const { applyLocalMigrations } = await import("./local-migrations.mjs");
  applyLocalMigrations({ root, persistTo, log });
  // One file per state folder: tests run several Kilns at once, each with its own sandbox secret.
  const varsFile = join(persistTo, "settings.env");
  const settings = writeMergedVars(join(root, ".dev.vars"), varsFile);
  // Apps run in sandbox processes of their own (local workerd enforces no CPU or memory limits).
  const sandbox =
    settings.KILN_SANDBOX === "off" ? null : await startAppSandbox(settings, Number(port), join(persistTo, "sandbox"));
  if (sandbox)
    writeMergedVars(join(root, ".dev.vars"), varsFile, process.env, {
      KILN_SANDBOX_URL: sandbox.url,
      KILN_SANDBOX_SECRET: sandbox.secret,
    });
  else log("KILN_SANDBOX=off: apps run inside the platform's own process, with no CPU or memory limits");
  log(`starting on http://localhost:${port} (apps on http://<slug>.localhost:${port})`);
  try {
    await runWrangler(port, persistTo, varsFile);
  } finally {
    await sandbox?.close();
  }
}

async function startAppSandbox(settings, port, stateDir) {
  const { startSandbox } = await import("./sandbox/supervisor.ts");
  const setting = (name, fallback) => (Number(settings[name]) > 0 ? Number(settings[name]) : fallback);
  return startSandbox({
    stateDir,
    runnerScript: join(root, "dist", "sandbox", "runner.js"),
    legacyDatabases: join(stateDir, "..", "v3", "do", "kiln-AppDatabase"),
    workerd: createRequire(join(root, "node_modules", "wrangler", "package.json"))("workerd").default,
    platformPort: port,
    cpuMs: setting("APP_CPU_MS", 1000),
    memoryMb: setting("APP_MEMORY_MB", 128),
    maxProcesses: setting("SANDBOX_PROCESSES", 32),
    idleMs: setting("SANDBOX_IDLE_SECONDS", 300) * 1000,
    platformHosts: settings.PLATFORM_HOSTS ?? "",
    appsDomain: settings.APPS_DOMAIN ?? "",
    log: (line) => console.log(line),
  });
}

async function runWrangler(port, persistTo, varsFile) {
  await exec("wrangler", [
    "dev",
    "--port",
    String(port),
    "--persist-to",
    persistTo,
    "--env-file",
    varsFile,
    "--show-interactive-dev-session=false",
    "--log-level",
    process.env.KILN_LOG_LEVEL ?? "info",
    // Lets tests trigger the cron (the nightly clean-up) through wrangler's local scheduled endpoint.
    ...(process.env.KILN_TEST_SCHEDULED === "1" ? ["--test-scheduled"] : []),
  ]);
}

/**
 * Runs vitest and ends with one plain summary line that any CI can read. The whole suite runs as
 * two vitest processes at once: the production dry run and the browser tests (each file starts its
 * own Kiln and Chromium), and beside them the worker tests, then the template and scaffold projects.
 * Each spends much of its time waiting on a different process, and they are split to take about as
 * long as each other (a clean run on 2 cores: 1,317 s for worker, template, scaffold and the dry
 * run, 1,057 s for the browser tests; the dry run, 121 s, then moved over). Given arguments (a
 * file, a project), it is one run as asked.
 */
async function runTests(rest) {
  const groups = rest.length
    ? [{ name: "tests", args: rest }]
    : [
        { name: "worker", args: ["--project", "worker", "--project", "template", "--project", "scaffold"] },
        { name: "e2e", args: ["--project", "cloudflare", "--project", "e2e"] },
      ];
  const runs = await Promise.all(
    groups.map(async ({ name, args }) => {
      const results = join(root, ".kiln", `test-results-${name}.json`);
      mkdirSync(dirname(results), { recursive: true });
      rmSync(results, { force: true });
      let failure = null;
      try {
        await exec("vitest", ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${results}`, ...args]);
      } catch (err) {
        failure = err;
      }
      return { results, failure };
    }),
  );
  const total = { passed: 0, failed: 0, skipped: 0 };
  for (const { results } of runs) {
    if (!existsSync(results)) continue;
    const r = JSON.parse(readFileSync(results, "utf8"));
    total.passed += r.numPassedTests;
    total.failed += r.numFailedTests;
    total.skipped += r.numPendingTests + r.numTodoTests;
  }
  console.log(
    `Tests: ${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ""}`,
  );
  const failed = runs.find((r) => r.failure);
  if (failed) throw failed.failure;
}

function execSync(bin, argv) {
  const r = spawnSync(bin, argv, { cwd: root, stdio: "inherit", env: process.env });
  if (r.status !== 0) throw new Error(`${bin} ${argv.join(" ")} failed (exit ${r.status ?? r.signal})`);
}

function exec(bin, argv) {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, argv, { cwd: root, stdio: "inherit", env: process.env });
    for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${bin} exited with ${code}`))));
  });
}
