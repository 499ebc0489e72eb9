// `npm run smoke:cloudflare`: Kiln deployed for real to a throwaway Worker (`kiln-smoke-<random>`,
// with its own D1 database, KV namespace and R2 bucket), walked through as a user would (sign up,
// generate an app offline, publish it, fetch it on its app host), then everything it created is
// deleted, even when a step failed. Opt-in: it needs CLOUDFLARE_API_TOKEN, CLOUDFLARE_ACCOUNT_ID
// and two hosts on the account, and never runs in CI.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { APIError } from "cloudflare";
import { PRODUCTION_ENV, deployArgs, deploySettings, readWranglerConfig } from "./cloudflare-config.mjs";
import { SetupError, apiCall, cloudflareClient, cloudflareSetup } from "./cloudflare-setup.mjs";
import { walkKiln } from "./kiln-walk.mjs";

/** Names of everything the smoke run creates start with this, so strays are easy to find. */
export const SMOKE_PREFIX = "kiln-smoke-";

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

/**
 * @typedef {{ url: string }} Deployed
 * @typedef {(o: { root: string, configPath: string, workerName: string, settings: ReturnType<typeof deploySettings>, env: NodeJS.ProcessEnv, log: (l: string) => void }) => Promise<Deployed>} DeployWorker
 */

/**
 * @param {{
 *   root: string,
 *   args?: string[],
 *   env?: NodeJS.ProcessEnv,
 *   log?: (line: string) => void,
 *   cloudflareApi?: { fetch?: typeof fetch, baseURL?: string },
 *   deployWorker?: DeployWorker,
 *   walk?: typeof walkKiln,
 *   healthTimeoutMs?: number,
 *   name?: string,
 * }} options
 *   deployWorker: puts the Worker on the account (wrangler deploy, its secret, the remote migrations);
 *   walk: walks the deployed Kiln. Both are replaceable so the tests can run the rest of it.
 */
export async function smokeCloudflare({
  root,
  args = [],
  env = process.env,
  log = console.log,
  cloudflareApi = {},
  deployWorker = wranglerDeployWorker,
  walk = walkKiln,
  healthTimeoutMs = 180_000,
  name = `${SMOKE_PREFIX}${randomBytes(4).toString("hex")}`,
}) {
  const missing = ["CLOUDFLARE_API_TOKEN", "CLOUDFLARE_ACCOUNT_ID", "SMOKE_APPS_DOMAIN", "SMOKE_BUILDER_HOST"].filter(
    (v) => !env[v],
  );
  if (missing.length)
    throw new SetupError(
      `set ${missing.join(", ")}: the smoke run deploys to a real account, with the builder on SMOKE_BUILDER_HOST and apps under SMOKE_APPS_DOMAIN (hosts of zones on that account that nothing else uses; see README, Deploying to Cloudflare)`,
    );
  const settings = deploySettings({ APPS_DOMAIN: env.SMOKE_APPS_DOMAIN, PLATFORM_HOSTS: env.SMOKE_BUILDER_HOST });
  const client = cloudflareClient({ token: env.CLOUDFLARE_API_TOKEN, ...cloudflareApi });
  const account_id = /** @type {string} */ (env.CLOUDFLARE_ACCOUNT_ID);

  /** @type {{ name: string, ms: number, ok: boolean, error?: string }[]} */
  const steps = [];
  const step = async (stepName, run) => {
    const started = performance.now();
    log(`→ ${stepName}`);
    try {
      const result = await run();
      const ms = performance.now() - started;
      steps.push({ name: stepName, ms, ok: true });
      log(`✓ ${stepName} (${seconds(ms)})`);
      return result;
    } catch (err) {
      const ms = performance.now() - started;
      steps.push({ name: stepName, ms, ok: false, error: err.message });
      log(`✗ ${stepName} (${seconds(ms)}): ${err.message}`);
      throw err;
    }
  };

  // What exists on the account because of this run, for the clean-up.
  /** @type {{ d1?: string, kv?: string, r2?: string, setup?: Awaited<ReturnType<typeof cloudflareSetup>>, inZones: { kind: string, zoneId: string, id: string, name: string }[], deployed?: boolean, configPath?: string }} */
  const made = { inZones: [] };
  let walked;
  let failure;
  log(`smoke run ${name}: builder https://${settings.builderHost}, apps https://<slug>.${settings.appsDomain}`);
  try {
    made.d1 = await step(
      `create the D1 database ${name}`,
      async () =>
        (
          await apiCall("create D1 databases", "Account · D1 · Edit", () =>
            client.d1.database.create({ account_id, name }),
          )
        ).uuid,
    );
    made.kv = await step(
      `create the KV namespace ${name}`,
      async () =>
        (
          await apiCall("create KV namespaces", "Account · Workers KV Storage · Edit", () =>
            client.kv.namespaces.create({ account_id, title: name }),
          )
        ).id,
    );
    made.r2 = await step(`create the R2 bucket ${name}`, async () => {
      await apiCall("create R2 buckets", "Account · Workers R2 Storage · Edit", () =>
        client.r2.buckets.create({ account_id, name }),
      );
      return name;
    });
    made.setup = await step("DNS record and certificate", () =>
      cloudflareSetup({
        client,
        accountId: account_id,
        settings,
        workerName: name,
        orderCertificate: args.includes("--order-certificate"),
        log: (l) => log(`  ${l}`),
        onCreated: (thing) => made.inZones.push(thing),
      }),
    );
    made.configPath = writeSmokeConfig(root, name, { d1: made.d1, kv: made.kv, r2: made.r2 });
    const { url } = await step(`deploy the Worker ${name}`, async () => {
      made.deployed = true;
      return deployWorker({ root, configPath: made.configPath, workerName: name, settings, env, log });
    });
    await step(`wait for ${url}/api/health`, () => waitForHealth(url, healthTimeoutMs));
    walked = await walk({ baseUrl: url, step });
  } catch (err) {
    failure = err;
  }
  // Whatever happened above, nothing of this run may stay on the account.
  const leftovers = await cleanUp({ client, account_id, name, made, step, log });
  if (made.configPath) rmSync(made.configPath, { force: true });
  log("");
  log(`smoke run ${name}: ${steps.filter((s) => s.ok).length} of ${steps.length} steps passed`);
  for (const s of steps) log(`  ${s.ok ? "✓" : "✗"} ${seconds(s.ms).padStart(8)}  ${s.name}`);
  if (leftovers.length) {
    log("left on the account (delete by hand):");
    for (const l of leftovers) log(`  ${l}`);
  }
  if (failure || leftovers.length)
    throw Object.assign(
      new Error(
        `smoke run ${name} failed: ${failure ? failure.message : `could not delete ${leftovers.length} resource(s)`}`,
      ),
      { steps, leftovers },
    );
  return { name, steps, walked };
}

/** Deletes what the run made, newest first; what could not be deleted is returned, not thrown. */
async function cleanUp({ client, account_id, name, made, step, log }) {
  const leftovers = [];
  const remove = async (what, run) => {
    try {
      await step(`delete ${what}`, async () => {
        try {
          await run();
        } catch (err) {
          // Already gone (or never made: a deploy that failed early) is what the clean-up wants.
          if (err instanceof APIError && err.status === 404) return;
          throw err;
        }
      });
    } catch (err) {
      leftovers.push(`${what}: ${err.message}`);
    }
  };
  if (made.deployed) {
    await remove(`the custom domains of ${name}`, async () => {
      for await (const d of client.workers.domains.list({ account_id, service: name }))
        await client.workers.domains.delete(d.id, { account_id });
    });
    const appsZone = made.setup?.zones.apps;
    if (appsZone)
      await remove(`the routes of ${name} in ${appsZone.name}`, async () => {
        for await (const r of client.workers.routes.list({ zone_id: appsZone.id }))
          if (r.script === name) await client.workers.routes.delete(r.id, { zone_id: appsZone.id });
      });
    await remove(`the Worker ${name}`, () => client.workers.scripts.delete(name, { account_id, force: true }));
  }
  if (made.d1) await remove(`the D1 database ${name}`, () => client.d1.database.delete(made.d1, { account_id }));
  if (made.kv) await remove(`the KV namespace ${name}`, () => client.kv.namespaces.delete(made.kv, { account_id }));
  if (made.r2)
    await remove(`the R2 bucket ${name}`, async () => {
      try {
        await client.r2.buckets.delete(made.r2, { account_id });
      } catch (err) {
        if (err instanceof APIError && err.status === 409)
          throw new Error(
            `${err.message} (the walk deletes its project, which empties the bucket; when it failed first, empty the bucket in the dashboard, R2 → ${name}, then delete it)`,
          );
        throw err;
      }
    });
  for (const thing of made.inZones.reverse())
    await remove(
      thing.kind === "dns_record" ? `the DNS record ${thing.name}` : `the advanced certificate for ${thing.name}`,
      () =>
        thing.kind === "dns_record"
          ? client.dns.records.delete(thing.id, { zone_id: thing.zoneId })
          : client.ssl.certificatePacks.delete(thing.id, { zone_id: thing.zoneId }),
    );
  if (!leftovers.length) log(`nothing of ${name} is left on the account`);
  return leftovers;
}

/**
 * The production config with the smoke run's names and ids: its own Worker, database, namespace and
 * bucket, so nothing of a real deployment is touched. Written next to wrangler.jsonc, whose
 * relative paths it shares, and removed when the run ends.
 */
export function writeSmokeConfig(root, name, { d1, kv, r2 }) {
  const { $schema: _schema, env: environments, ...base } = readWranglerConfig(root);
  const prod = structuredClone(environments[PRODUCTION_ENV]);
  prod.name = name;
  prod.d1_databases = prod.d1_databases.map((d) => ({ ...d, database_name: name, database_id: d1 }));
  prod.kv_namespaces = prod.kv_namespaces.map((k) => ({ ...k, id: kv }));
  prod.r2_buckets = prod.r2_buckets.map((b) => ({ ...b, bucket_name: r2 }));
  const path = join(root, `wrangler.${name}.json`);
  writeFileSync(path, JSON.stringify({ ...base, name, env: { [PRODUCTION_ENV]: prod } }, null, 2));
  return path;
}

/** Waits until the deployed Kiln says it is healthy (its DNS record and certificate may take a moment). */
async function waitForHealth(url, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let last = "no answer yet";
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${url}/api/health`);
      const text = await res.text();
      if (res.status === 200) return JSON.parse(text);
      last = `${res.status} ${text.slice(0, 300)}`;
    } catch (err) {
      last = err.cause?.message ?? err.message;
    }
    await new Promise((r) => setTimeout(r, 3000));
  }
  throw new Error(`${url}/api/health was not healthy within ${seconds(timeoutMs)}: ${last}`);
}

/** The real deploy: wrangler with the smoke config, a fresh platform secret, the remote migrations. */
async function wranglerDeployWorker({ root, configPath, settings, env, log }) {
  const wrangler = (argv, input) => {
    const r = spawnSync("wrangler", [...argv, "--config", configPath], {
      cwd: root,
      env: { ...env, WRANGLER_SEND_METRICS: "false" },
      input,
      stdio: [input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    });
    if (r.status !== 0)
      throw new Error(
        `wrangler ${argv.slice(0, 2).join(" ")} failed (exit ${r.status ?? r.signal}): ${(r.stderr || r.stdout).slice(-1500)}`,
      );
    log(`  wrangler ${argv.slice(0, 2).join(" ")}: done`);
  };
  wrangler(deployArgs(settings));
  wrangler(["secret", "put", "PLATFORM_JWT_SECRET", "--env", PRODUCTION_ENV], randomBytes(32).toString("hex"));
  wrangler(["d1", "migrations", "apply", "DB", "--remote", "--env", PRODUCTION_ENV]);
  return { url: `https://${settings.builderHost}` };
}
