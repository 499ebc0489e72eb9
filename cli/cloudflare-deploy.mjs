// `npm run deploy`: Kiln onto a Cloudflare account (wrangler.jsonc's env.production).
// `npm run deploy -- --dry-run` does every step that needs no account: config checks, the
// production bundle, its size against Cloudflare's limit and its startup time.
// `npm run deploy -- --setup-only` runs only the DNS and certificate setup (cli/cloudflare-setup.mjs);
// `--order-certificate` lets it order an advanced certificate; `--skip-setup` leaves DNS and TLS to you.
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import {
  PRODUCTION_ENV,
  checkConfig,
  deployArgs,
  deploySettings,
  missingSecrets,
  productionWorkerName,
  readWranglerConfig,
} from "./cloudflare-config.mjs";
import { cloudflareClient, cloudflareSetup, setupPlan } from "./cloudflare-setup.mjs";
import { STARTUP_BUDGET_MS, formatSizeReport, sizeReport, startupActiveMs } from "./worker-size.mjs";

/**
 * @param {string} root the checkout
 * @param {string[]} args
 * @param {{ env?: NodeJS.ProcessEnv, log?: (line: string) => void, cloudflareApi?: { fetch?: typeof fetch, baseURL?: string } }} [options]
 *   cloudflareApi: where the setup's API calls go (tests point it at a local stand-in)
 */
export async function cloudflareDeploy(root, args, { env = process.env, log = console.log, cloudflareApi = {} } = {}) {
  const dryRun = args.includes("--dry-run");
  const wrangler = (argv, opts = {}) => runWrangler(root, argv, env, opts);
  const config = readWranglerConfig(root);
  const setup = (settings) => runSetup(config, settings, args, { env, log, cloudflareApi });

  const problems = checkConfig(config);
  if (problems.length) throw new Error(`wrangler.jsonc is not ready for production:\n  - ${problems.join("\n  - ")}`);
  log("config: no resource ids, no remote-only bindings locally, env.production complete");

  // The hosts are required for a real deploy; a dry run checks them when given.
  const settings = dryRun && !env.APPS_DOMAIN && !env.PLATFORM_HOSTS ? null : deploySettings(env);
  if (settings) log(`hosts: builder https://${settings.builderHost}, apps https://<slug>.${settings.appsDomain}`);

  const measured = await measure(root, wrangler, log);
  if (dryRun) {
    if (settings) for (const line of setupPlan(settings)) log(line);
    return { dryRun: true, ...measured };
  }
  if (!settings) throw new Error("unreachable: settings are required without --dry-run");

  const listed = wrangler(["secret", "list", "--env", PRODUCTION_ENV, "--format", "json"], {
    capture: true,
    allowFailure: true,
  });
  const secrets = missingSecrets(listed.status === 0 ? listed.stdout : "[]");
  if (secrets.required.length) {
    // wrangler fails to list when it is not logged in, and when the Worker does not exist yet.
    const why =
      listed.status === 0
        ? ""
        : ` (wrangler could not list the secrets: ${lastLine(listed.stderr || listed.stdout)}; log in with \`npx wrangler login\` if that is the reason)`;
    throw new Error(
      `missing secret ${secrets.required.join(", ")}${why}: run \`openssl rand -hex 32 | npx wrangler secret put PLATFORM_JWT_SECRET --env ${PRODUCTION_ENV}\` (wrangler offers to create the Worker when it does not exist yet), then deploy again`,
    );
  }
  const unset = {
    BUILD_API_SECRET: "the server API answers 503",
    CLOUDFLARE_API_TOKEN: "custom domains are not made custom hostnames of a Cloudflare for SaaS zone",
  };
  log(
    `secrets: PLATFORM_JWT_SECRET set${secrets.optional.map((name) => `; ${name} unset, so ${unset[name]}`).join("")}`,
  );

  // DNS and TLS first: a deploy whose app hosts cannot be reached is not done.
  const prepared = args.includes("--skip-setup")
    ? (log("setup skipped (--skip-setup): the wildcard DNS record and its certificate are yours to make, see README"),
      null)
    : await setup(settings);

  wrangler(deployArgs(settings));
  // The platform database's schema: on an account it is only ever migrated here.
  wrangler(["d1", "migrations", "apply", "DB", "--remote", "--env", PRODUCTION_ENV]);
  log(`builder  https://${settings.builderHost}`);
  log(`apps     https://<slug>.${settings.appsDomain}`);
  log(`health   https://${settings.builderHost}/api/health`);
  return { dryRun: false, ...measured, setup: prepared };
}

/**
 * `npm run deploy -- --setup-only`: the DNS record and certificate check alone.
 * @param {string} root
 * @param {string[]} args
 * @param {{ env?: NodeJS.ProcessEnv, log?: (line: string) => void, cloudflareApi?: { fetch?: typeof fetch, baseURL?: string } }} [options]
 */
export async function cloudflareSetupOnly(
  root,
  args,
  { env = process.env, log = console.log, cloudflareApi = {} } = {},
) {
  return runSetup(readWranglerConfig(root), deploySettings(env), args, { env, log, cloudflareApi });
}

async function runSetup(config, settings, args, { env, log, cloudflareApi }) {
  return cloudflareSetup({
    client: cloudflareClient({ token: env.CLOUDFLARE_API_TOKEN, ...cloudflareApi }),
    accountId: env.CLOUDFLARE_ACCOUNT_ID,
    settings,
    workerName: productionWorkerName(config),
    orderCertificate: args.includes("--order-certificate"),
    log,
  });
}

/** The production bundle built as a deploy would build it, then measured. */
async function measure(root, wrangler, log) {
  const dir = join(root, ".kiln", "deploy-dry-run");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const outDir = join(dir, "out");
  const bundle = join(dir, "worker.bundle");
  wrangler(
    [
      "deploy",
      "--dry-run",
      "--env",
      PRODUCTION_ENV,
      "--outdir",
      outDir,
      "--outfile",
      bundle,
      "--metafile",
      join(dir, "meta.json"),
    ],
    { capture: true },
  );
  const size = sizeReport(outDir, join(dir, "meta.json"));
  log(formatSizeReport(size));
  if (!size.ok)
    throw new Error(
      `the Worker is ${(size.size / 1024 / 1024).toFixed(2)} MiB, above the budget of half Cloudflare's limit (${(size.budget / 1024 / 1024).toFixed(2)} MiB); shrink the largest contributors above`,
    );

  // Startup is measured on this machine, whose load varies: a regression shows in every attempt,
  // a busy moment in some, so the best of up to five counts (with a pause for a busy moment to pass).
  const attempts = [];
  for (let i = 0; i < 5; i++) {
    if (i > 0) await new Promise((r) => setTimeout(r, 3000));
    const profile = join(dir, `startup-${i}.cpuprofile`);
    wrangler(["check", "startup", "--worker", bundle, "--outfile", profile], { capture: true });
    attempts.push(startupActiveMs(profile));
    if (attempts.at(-1) < STARTUP_BUDGET_MS) break;
  }
  const startupMs = Math.min(...attempts);
  log(
    `startup: ${startupMs.toFixed(0)} ms of CPU (wrangler check startup, best of ${attempts.length}; budget ${STARTUP_BUDGET_MS} ms, Cloudflare allows 1 s)`,
  );
  if (startupMs >= STARTUP_BUDGET_MS)
    throw new Error(
      `the Worker's startup takes ${startupMs.toFixed(0)} ms of CPU, over the ${STARTUP_BUDGET_MS} ms budget: move work out of module scope (the profiles are in ${dir})`,
    );
  return { size, startupMs, startupAttempts: attempts };
}

function runWrangler(root, argv, env, { capture = false, allowFailure = false } = {}) {
  const r = spawnSync("wrangler", argv, {
    cwd: root,
    env: { ...env, WRANGLER_SEND_METRICS: env.WRANGLER_SEND_METRICS ?? "false" },
    stdio: capture ? ["ignore", "pipe", "pipe"] : "inherit",
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0 && !allowFailure) {
    const output = capture ? `\n${(r.stdout ?? "").slice(-2000)}${(r.stderr ?? "").slice(-2000)}` : "";
    throw new Error(`wrangler ${argv.slice(0, 2).join(" ")} failed (exit ${r.status ?? r.signal})${output}`);
  }
  return r;
}

function lastLine(text = "") {
  // wrangler's error line if it printed one, else its last line that says something (not the log file).
  const lines = text
    .replace(/\u001b\[[0-9;]*m/g, "")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("🪵"));
  return (lines.find((l) => l.startsWith("✘")) ?? lines.at(-1) ?? "no output").replace(/^✘ \[ERROR\] /, "");
}
